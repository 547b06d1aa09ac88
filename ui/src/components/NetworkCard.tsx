import type { NetworkSnapshot } from '../platform/bindings';
import { kindLabel } from '../state/format';
import { hasNetwork } from '../state/networkFormat';
import { NetworkSignals } from './NetworkSignals';

export interface NetworkCardProps {
  network: NetworkSnapshot;
  refreshing: boolean;
  onRefresh: () => void;
}

export function NetworkCard({ network, refreshing, onRefresh }: NetworkCardProps) {
  return (
    <section class="card card--wide" aria-labelledby="network-title">
      <header class="card__header">
        <h2 id="network-title">Network</h2>
        <button type="button" onClick={onRefresh} disabled={refreshing} aria-busy={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>

      {!hasNetwork(network) && (
        <p class="no-network" data-testid="no-network">
          No network
        </p>
      )}

      <NetworkSignals network={network} />

      <h3 id="interfaces-title" class="card__subtitle">
        Interfaces
      </h3>
      <InterfaceTable network={network} />
    </section>
  );
}

function InterfaceTable({ network }: { network: NetworkSnapshot }) {
  const gatewayInterface = network.default_gateway?.interface;
  if (network.interfaces.length === 0) {
    return <p class="muted">The system reports no network interfaces.</p>;
  }
  return (
    <div class="table-wrap">
      <table class="table" aria-labelledby="interfaces-title">
        <thead>
          <tr>
            <th scope="col">Interface</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">MAC</th>
            <th scope="col">Addresses</th>
          </tr>
        </thead>
        <tbody>
          {network.interfaces.map((iface) => (
            <tr key={iface.name} data-testid="interface-row" class={iface.is_up ? undefined : 'is-down'}>
              <th scope="row" class="mono">
                {iface.name}
                {iface.name === gatewayInterface && <span class="tag">default route</span>}
              </th>
              <td>{kindLabel(iface.kind)}</td>
              <td>{iface.is_up ? 'Up' : 'Down'}</td>
              <td class="mono">{iface.mac ?? <span class="muted">none</span>}</td>
              <td class="mono">
                {iface.addrs.length === 0 ? (
                  <span class="muted">none</span>
                ) : (
                  <ul class="addrs">
                    {iface.addrs.map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

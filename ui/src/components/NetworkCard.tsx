import type { NetworkSnapshot } from '../platform/bindings';
import { kindLabel } from '../state/format';

export interface NetworkCardProps {
  network: NetworkSnapshot;
  refreshing: boolean;
  onRefresh: () => void;
}

export function NetworkCard({ network, refreshing, onRefresh }: NetworkCardProps) {
  const gateway = network.default_gateway;
  return (
    <section class="card card--wide" aria-labelledby="network-title">
      <header class="card__header">
        <h2 id="network-title">Network</h2>
        <button type="button" onClick={onRefresh} disabled={refreshing} aria-busy={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>

      {gateway ? (
        <dl class="facts">
          <div>
            <dt>Default gateway</dt>
            <dd class="mono" data-testid="gateway-ip">
              {gateway.ip}
            </dd>
          </div>
          <div>
            <dt>Gateway MAC</dt>
            <dd class={gateway.mac ? 'mono' : 'muted'} data-testid="gateway-mac">
              {gateway.mac ?? 'not in neighbour cache'}
            </dd>
          </div>
          <div>
            <dt>Via interface</dt>
            <dd class="mono" data-testid="gateway-interface">
              {gateway.interface}
            </dd>
          </div>
        </dl>
      ) : (
        <p class="no-network" data-testid="no-network">
          No network
        </p>
      )}

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
      <table class="table">
        <caption class="visually-hidden">Network interfaces</caption>
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

import type { ComponentChildren } from 'preact';
import type { DefaultGateway, NetworkSnapshot, SignalState, WifiInfo } from '../platform/bindings';
import { kindLabel } from '../state/format';
import {
  frequencyLabel,
  grantPlatforms,
  hasHalfDefaultPair,
  hasNetwork,
  signalLabel,
  signalStateLabel,
  vpnLabel,
  wifiConnected,
  wifiSourceLabel,
} from '../state/networkFormat';

export const NOT_IN_NEIGHBOUR_CACHE = 'not in neighbour cache';
export const NO_FINGERPRINT = 'none — this network has no strong identifier, so Locus will always ask';
export const NO_WIFI_READER = 'No Wi-Fi reader available on this machine (or no Wi-Fi hardware)';

/**
 * Every signal Locus reads to tell where the laptop is: one row each, with its value, where it came from
 * and whether the OS let Locus read it.
 */
export function NetworkSignals({ network }: { network: NetworkSnapshot }) {
  return (
    <>
      <h3 id="signals-title" class="card__subtitle">
        Network signals
      </h3>
      <p id="signals-hint" class="card__hint">
        What Locus reads to tell where this laptop is, where each value came from, and whether the OS allowed it.
      </p>
      <div class="table-wrap">
        <table class="table signals" aria-labelledby="signals-title" aria-describedby="signals-hint">
          <thead>
            <tr>
              <th scope="col" class="signals__name">
                Signal
              </th>
              <th scope="col">Value</th>
              <th scope="col" class="signals__source">
                Source
              </th>
              <th scope="col" class="signals__access">
                Permission
              </th>
            </tr>
          </thead>
          <tbody>
            <GatewayRow network={network} />
            <UnderlayRow network={network} />
            <VpnRow network={network} />
            <RoutesRow network={network} />
            <WifiRow wifi={network.wifi} underlayMacKnown={Boolean(network.underlay?.gateway.mac)} />
            <DnsRow domains={network.dns_search} />
            <FingerprintRow id={network.fingerprint_id} />
          </tbody>
        </table>
      </div>
    </>
  );
}

interface RowProps {
  id: string;
  name: string;
  source: ComponentChildren;
  access: ComponentChildren;
  children: ComponentChildren;
}

function Row({ id, name, source, access, children }: RowProps) {
  return (
    <tr data-testid="signal-row" data-signal={id}>
      <th scope="row">{name}</th>
      <td class="signals__value">{children}</td>
      <td>{source}</td>
      <td>{access}</td>
    </tr>
  );
}

function NoPermissionNeeded() {
  return <span class="access access--none">No permission needed</span>;
}

function Note({ children }: { children: ComponentChildren }) {
  return <p class="signals__note">{children}</p>;
}

function None({ children = 'None' }: { children?: ComponentChildren }) {
  return <span class="muted">{children}</span>;
}

function Mac({ mac, testId }: { mac: string | null; testId?: string }) {
  return (
    <span class={mac ? 'mono' : 'muted'} data-testid={testId}>
      {mac ?? NOT_IN_NEIGHBOUR_CACHE}
    </span>
  );
}

function GatewayRow({ network }: { network: NetworkSnapshot }) {
  const gateway = network.default_gateway;
  const { vpn } = network;
  const viaTunnel = gateway !== null && vpn.mode === 'full' && gateway.interface === vpn.interface;
  return (
    <Row
      id="gateway"
      name="Default gateway"
      source="Routing table + neighbour cache"
      access={<NoPermissionNeeded />}
    >
      {gateway ? (
        <dl class="pairs">
          <dt>IP</dt>
          <dd>
            <span class="mono" data-testid="gateway-ip">
              {gateway.ip}
            </span>
          </dd>
          <dt>MAC</dt>
          <dd>
            <Mac mac={gateway.mac} testId="gateway-mac" />
          </dd>
          <dt>Interface</dt>
          <dd>
            <span class="mono" data-testid="gateway-interface">
              {gateway.interface}
            </span>
          </dd>
        </dl>
      ) : hasNetwork(network) ? (
        <None>None: the default route has no next hop (point-to-point tunnel)</None>
      ) : (
        <None>None: no default route</None>
      )}
      {viaTunnel && (
        <Note>This is the VPN tunnel's next hop. The physical network below is what locates you.</Note>
      )}
    </Row>
  );
}

function GatewayValue({ gateway }: { gateway: DefaultGateway }) {
  return (
    <>
      <span class="mono">{gateway.ip}</span>
      <span class="muted"> · MAC </span>
      <Mac mac={gateway.mac} />
    </>
  );
}

function UnderlayRow({ network }: { network: NetworkSnapshot }) {
  const underlay = network.underlay;
  return (
    <Row
      id="underlay"
      name="Physical network"
      source="Routing table + neighbour cache"
      access={<NoPermissionNeeded />}
    >
      {underlay ? (
        <dl class="pairs">
          <dt>Interface</dt>
          <dd>
            <span class="mono">{underlay.interface}</span> <span class="muted">({kindLabel(underlay.kind)})</span>
          </dd>
          <dt>Gateway</dt>
          <dd data-testid="underlay-gateway">
            <GatewayValue gateway={underlay.gateway} />
          </dd>
          {underlay.addrs.length > 0 && (
            <>
              <dt>Addresses</dt>
              <dd>
                <ul class="addrs mono">
                  {underlay.addrs.map((a) => (
                    <li key={a}>{a}</li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      ) : (
        <None>None found</None>
      )}
      <Note>What locates you, even on a VPN.</Note>
    </Row>
  );
}

function VpnRow({ network }: { network: NetworkSnapshot }) {
  const { vpn } = network;
  const tunnel = vpn.interface ?? 'the tunnel';
  return (
    <Row id="vpn" name="VPN" source="Interfaces + routing table" access={<NoPermissionNeeded />}>
      <span data-testid="vpn-state" data-mode={vpn.mode}>
        {vpnLabel(vpn)}
      </span>
      {vpn.mode === 'full' && (
        <Note>
          All traffic goes through {tunnel}; Locus still locates you by the physical network underneath.
        </Note>
      )}
      {vpn.mode === 'split' && <Note>Only some networks go through {tunnel}; the default route stays physical.</Note>}
    </Row>
  );
}

function RoutesRow({ network }: { network: NetworkSnapshot }) {
  const routes = network.default_routes;
  return (
    <Row id="routes" name="Default routes" source="Routing table" access={<NoPermissionNeeded />}>
      {routes.length === 0 ? (
        <None />
      ) : (
        <ul class="routes" data-testid="default-routes">
          {routes.map((r, i) => (
            <li key={`${r.interface}-${r.gateway ?? ''}-${r.metric}-${r.coverage}-${i}`} data-testid="default-route">
              <span class="mono">{r.interface}</span>{' '}
              {r.gateway ? (
                <>
                  via <span class="mono">{r.gateway}</span>
                </>
              ) : (
                <span class="muted">no next hop</span>
              )}
              <span class="muted"> · metric {r.metric}</span>
              {r.coverage === 'split_halves' && <span class="tag">half-default pair</span>}
            </li>
          ))}
        </ul>
      )}
      {hasHalfDefaultPair(routes) && (
        <Note>
          A half-default pair (0.0.0.0/1 + 128.0.0.0/1) beats the real default route by being more specific: the
          usual way a VPN takes all traffic.
        </Note>
      )}
    </Row>
  );
}

function AccessState({ state, testId }: { state: SignalState; testId?: string }) {
  return (
    <span class={`access access--${state}`} data-testid={testId} data-state={state}>
      {signalStateLabel(state)}
    </span>
  );
}

function WifiRow({ wifi, underlayMacKnown }: { wifi: WifiInfo; underlayMacKnown: boolean }) {
  const source = wifiSourceLabel(wifi.source);
  return (
    <Row
      id="wifi"
      name="Wi-Fi"
      source={source ?? <None>—</None>}
      access={<AccessState state={wifi.permission} testId="wifi-permission" />}
    >
      <WifiValue wifi={wifi} underlayMacKnown={underlayMacKnown} />
    </Row>
  );
}

function WifiValue({ wifi, underlayMacKnown }: { wifi: WifiInfo; underlayMacKnown: boolean }) {
  if (wifi.permission === 'unsupported') {
    return (
      <span class="muted" data-testid="wifi-status">
        {NO_WIFI_READER}
      </span>
    );
  }
  if (wifi.permission === 'denied') {
    return <WifiDenied source={wifi.source} underlayMacKnown={underlayMacKnown} />;
  }
  if (!wifiConnected(wifi)) {
    return (
      <span class="muted" data-testid="wifi-status">
        Not connected
      </span>
    );
  }
  const signal = signalLabel(wifi);
  return (
    <dl class="pairs">
      <dt>Network (SSID)</dt>
      <dd data-testid="wifi-ssid">{wifi.ssid ?? <None>hidden network</None>}</dd>
      <dt>Access point (BSSID)</dt>
      <dd class={wifi.bssid ? 'mono' : 'muted'} data-testid="wifi-bssid">
        {wifi.bssid ?? 'unknown'}
      </dd>
      <dt>Signal</dt>
      <dd data-testid="wifi-signal">{signal ?? <None>unknown</None>}</dd>
      <dt>Frequency</dt>
      <dd data-testid="wifi-frequency">
        {wifi.frequency_mhz !== null ? frequencyLabel(wifi.frequency_mhz) : <None>unknown</None>}
      </dd>
      {wifi.interface && (
        <>
          <dt>Interface</dt>
          <dd class="mono">{wifi.interface}</dd>
        </>
      )}
    </dl>
  );
}

function WifiDenied({ source, underlayMacKnown }: { source: string | null; underlayMacKnown: boolean }) {
  const platforms = grantPlatforms(source);
  return (
    <div class="signals__help" data-testid="wifi-help">
      <p>
        The OS did not let Locus read the Wi-Fi name and access point: it treats them as location data. To allow
        it:
      </p>
      <ul>
        {platforms.includes('macos') && (
          <li>
            <strong>macOS:</strong> System Settings → Privacy &amp; Security → Location Services → turn on Locus.
          </li>
        )}
        {platforms.includes('windows') && (
          <li>
            <strong>Windows 11:</strong> Settings → Privacy &amp; security → Location → turn on “Let desktop apps
            access your location”.
          </li>
        )}
      </ul>
      <p>
        {underlayMacKnown
          ? 'Meanwhile Locus recognises this network by its gateway MAC.'
          : 'Meanwhile Locus falls back to the gateway MAC, but that is not known either, so Locus will ask where you are.'}
      </p>
    </div>
  );
}

function DnsRow({ domains }: { domains: string[] }) {
  return (
    <Row id="dns" name="DNS search domains" source="System resolver settings" access={<NoPermissionNeeded />}>
      {domains.length === 0 ? (
        <None />
      ) : (
        <ul class="addrs mono" data-testid="dns-search">
          {domains.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </Row>
  );
}

function FingerprintRow({ id }: { id: string | null }) {
  return (
    <Row id="fingerprint" name="Network fingerprint" source="Computed on this machine" access={<NoPermissionNeeded />}>
      {id ? (
        <>
          <span class="mono fingerprint" data-testid="fingerprint-id">
            {id}
          </span>
          <Note>
            A keyed hash of the gateway MAC and subnet (or of the access point when the gateway MAC is unknown); raw
            identifiers stay on this machine.
          </Note>
        </>
      ) : (
        <span class="muted" data-testid="fingerprint-id">
          {NO_FINGERPRINT}
        </span>
      )}
    </Row>
  );
}

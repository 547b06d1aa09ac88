import type { ComponentChildren } from 'preact';
import { AboutCard } from '../components/AboutCard';
import { ConfigWarnings } from '../components/ConfigWarnings';
import { LocationCard } from '../components/LocationCard';
import { NetworkCard } from '../components/NetworkCard';
import type { AppState } from '../state/appState';

export interface StatusScreenProps {
  state: AppState;
  onRefresh: () => void;
  onVerify: () => void;
  onMoved: () => void;
  /** The dialer and emergency calling cards: shown first, and even before (or without) a status report. */
  phone?: ComponentChildren;
}

export function StatusScreen({ state, onRefresh, onVerify, onMoved, phone }: StatusScreenProps) {
  const { status, network } = state;

  if (network === null && status === null) {
    return (
      <div class="screen">
        {phone}
        {state.loading && (
          <p class="loading" data-testid="loading">
            Reading network…
          </p>
        )}
      </div>
    );
  }

  return (
    <div class="screen">
      {status && <ConfigWarnings config={status.config} />}
      {phone}
      <div class="grid">
        <div class="column">
          {status && <LocationCard report={state.locate} reportingMoved={state.reportingMoved} onMoved={onMoved} />}
          {network && <NetworkCard network={network} refreshing={state.refreshing} onRefresh={onRefresh} />}
        </div>
        {status && (
          <AboutCard status={status} audit={state.audit} verifying={state.verifying} onVerify={onVerify} />
        )}
      </div>
    </div>
  );
}

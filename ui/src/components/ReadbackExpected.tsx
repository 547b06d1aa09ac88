export interface ReadbackExpectedProps {
  /** The callback number as it is read aloud (`614-555-0100`); null when there is none to expect. */
  number: string | null;
  /** The address, on one line; null when no address is known. */
  address: string | null;
  /** Where the readback gets the address ("the carrier's record for the callback number"), if known. */
  source: string | null;
}

/** "The readback should say: Callback number … Address …", for the user to compare with what they hear. */
export function ReadbackExpected({ number, address, source }: ReadbackExpectedProps) {
  return (
    <div class="readback" data-testid="test-call-expected">
      <p class="readback__lead">The readback should say:</p>
      <dl class="readback__facts">
        <div>
          <dt>Callback number</dt>
          <dd class="readback__number" data-testid="test-call-expected-number">
            {number ?? 'None — this account has no E911 number'}
          </dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd data-testid="test-call-expected-address">
            {address ?? 'None — no address is known, so 911 would not get one'}
          </dd>
        </div>
      </dl>
      {address !== null && source !== null && <p class="readback__source">The address comes from {source}.</p>}
    </div>
  );
}

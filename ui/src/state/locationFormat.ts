// Wording and helpers for locations, confirmation and addresses. Pure, so each phrase can be tested alone.

import type {
  AddressProblem,
  CivicAddress,
  Confidence,
  ConfirmReason,
  HowObtained,
  RuleKind,
  RuleSource,
  Verdict,
} from '../platform/bindings';

const REASONS: Record<ConfirmReason, string> = {
  unknown_network: "You're on a network Locus hasn't seen before.",
  unidentifiable:
    "Locus can't identify this network (it gives no address Locus could remember), so it asks each time you connect.",
  stale: "It's been a while since you confirmed this location.",
  it_map_changed: 'Your IT department changed its location map for this network.',
  conflicting_signals: 'Network signals disagree about where you are.',
  user_moved: "You said you're somewhere else.",
  moving_network:
    'This network moves with you (hotspot or travel router), so Locus asks where you are each time you connect.',
};

/** What is new, in plain words, for each reason Locus asks. Unknown reasons get a generic sentence. */
export function confirmReasonText(reason: ConfirmReason | string): string {
  return REASONS[reason as ConfirmReason] ?? 'Locus needs you to confirm where you are.';
}

const HOW_OBTAINED: Record<HowObtained, string> = {
  wiremap: "From your IT department's map",
  user_confirmed: 'You confirmed this place',
  user_entered: 'You entered this address',
};

export function howObtainedText(how: HowObtained): string {
  return HOW_OBTAINED[how] ?? how;
}

const CONFIDENCE: Record<Confidence, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export function confidenceText(confidence: Confidence): string {
  return CONFIDENCE[confidence] ?? confidence;
}

const VERDICTS: Record<Verdict, string> = {
  chosen: 'chosen',
  agrees: 'agrees',
  conflicts: 'conflicts',
  outranked: 'outranked by IT',
  overridden_by_user: 'overridden by your answer',
  ignored_untrusted: 'ignored: public IP not trusted',
  superseded: 'superseded',
};

export function verdictText(verdict: Verdict): string {
  return VERDICTS[verdict] ?? verdict;
}

const RULE_KINDS: Record<RuleKind, string> = {
  bssid: 'Wi-Fi access point',
  bssid_prefix: 'Wi-Fi access point range',
  switch_port: 'Switch port',
  switch: 'Switch',
  gateway_mac: 'Gateway MAC',
  fingerprint: 'Network fingerprint',
  subnet: 'Subnet',
  ssid: 'Wi-Fi name',
};

export function ruleKindText(kind: RuleKind): string {
  return RULE_KINDS[kind] ?? kind;
}

export function sourceText(source: RuleSource): string {
  return source === 'it_map' ? 'IT map' : 'Yours';
}

/**
 * One line for people, the same as `CivicAddress::one_line` in Rust:
 * "123 A N Main St NW, Building B, Floor 3, Unit 300, Springfield, IL 62701, US".
 */
export function oneLineAddress(address: CivicAddress): string {
  const join = (parts: string[], sep: string) => parts.map((p) => p.trim()).filter((p) => p !== '').join(sep);
  const number = join([address.hno, address.hns], ' ');
  const street = join([number, address.prd, address.rd, address.sts, address.pod], ' ');
  const parts = [street];
  const inside: Array<[string, string]> = [
    ['Building', address.bld],
    ['Floor', address.flr],
    ['Unit', address.unit],
    ['Room', address.room],
  ];
  for (const [label, value] of inside) {
    if (value.trim() !== '') parts.push(`${label} ${value.trim()}`);
  }
  parts.push(address.loc, address.a3, join([address.a1, address.pc], ' '), address.country);
  return join(parts, ', ');
}

/** A blank address for the form: US, single storey. */
export function emptyAddress(): CivicAddress {
  return {
    country: 'US',
    a1: '',
    a2: '',
    a3: '',
    prd: '',
    rd: '',
    sts: '',
    pod: '',
    hno: '',
    hns: '',
    loc: '',
    flr: '',
    unit: '',
    room: '',
    seat: '',
    bld: '',
    pc: '',
    nam: '',
    multi_storey: false,
  };
}

/** Every field the server may name in an address problem: the CLDXF keys plus the place's label. */
export const ADDRESS_FIELDS = [
  'label',
  'country',
  'a1',
  'a2',
  'a3',
  'prd',
  'rd',
  'sts',
  'pod',
  'hno',
  'hns',
  'loc',
  'flr',
  'unit',
  'room',
  'seat',
  'bld',
  'pc',
  'nam',
  'multi_storey',
] as const;

const FIELD_PATTERN = new RegExp(`^(?:.*?:\\s+)??(${ADDRESS_FIELDS.join('|')}):\\s*(.*)$`, 's');

/**
 * Reads the problems out of an `invalid_address` error message, whose form is
 * "the address is not valid: hno: House number is required.; pc: …". Parts naming no known field are
 * returned with field "" so they can be shown for the whole form.
 */
export function parseAddressProblems(message: string): AddressProblem[] {
  const problems: AddressProblem[] = [];
  for (const part of message.split(/;\s+/)) {
    const text = part.trim();
    if (text === '') continue;
    const match = FIELD_PATTERN.exec(text);
    if (match) problems.push({ field: match[1]!, message: match[2]!.trim() });
    else problems.push({ field: '', message: text });
  }
  return problems;
}

export interface Region {
  code: string;
  name: string;
}

/** US states, DC and territories: the codes the backend accepts. */
export const US_STATES: Region[] = [
  ['AL', 'Alabama'],
  ['AK', 'Alaska'],
  ['AZ', 'Arizona'],
  ['AR', 'Arkansas'],
  ['CA', 'California'],
  ['CO', 'Colorado'],
  ['CT', 'Connecticut'],
  ['DE', 'Delaware'],
  ['DC', 'District of Columbia'],
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois'],
  ['IN', 'Indiana'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas'],
  ['KY', 'Kentucky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland'],
  ['MA', 'Massachusetts'],
  ['MI', 'Michigan'],
  ['MN', 'Minnesota'],
  ['MS', 'Mississippi'],
  ['MO', 'Missouri'],
  ['MT', 'Montana'],
  ['NE', 'Nebraska'],
  ['NV', 'Nevada'],
  ['NH', 'New Hampshire'],
  ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'],
  ['NY', 'New York'],
  ['NC', 'North Carolina'],
  ['ND', 'North Dakota'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma'],
  ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'],
  ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'],
  ['SD', 'South Dakota'],
  ['TN', 'Tennessee'],
  ['TX', 'Texas'],
  ['UT', 'Utah'],
  ['VT', 'Vermont'],
  ['VA', 'Virginia'],
  ['WA', 'Washington'],
  ['WV', 'West Virginia'],
  ['WI', 'Wisconsin'],
  ['WY', 'Wyoming'],
  ['AS', 'American Samoa'],
  ['GU', 'Guam'],
  ['MP', 'Northern Mariana Islands'],
  ['PR', 'Puerto Rico'],
  ['VI', 'U.S. Virgin Islands'],
].map(([code, name]) => ({ code: code!, name: name! }));

export const CA_PROVINCES: Region[] = [
  ['AB', 'Alberta'],
  ['BC', 'British Columbia'],
  ['MB', 'Manitoba'],
  ['NB', 'New Brunswick'],
  ['NL', 'Newfoundland and Labrador'],
  ['NS', 'Nova Scotia'],
  ['NT', 'Northwest Territories'],
  ['NU', 'Nunavut'],
  ['ON', 'Ontario'],
  ['PE', 'Prince Edward Island'],
  ['QC', 'Quebec'],
  ['SK', 'Saskatchewan'],
  ['YT', 'Yukon'],
].map(([code, name]) => ({ code: code!, name: name! }));

export function regionsFor(country: string): Region[] {
  return country.trim().toUpperCase() === 'CA' ? CA_PROVINCES : US_STATES;
}

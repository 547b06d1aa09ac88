import { describe, expect, it } from 'vitest';
import { address } from '../test/fixtures';
import {
  confirmReasonText,
  howObtainedText,
  oneLineAddress,
  parseAddressProblems,
  regionsFor,
  verdictText,
} from './locationFormat';

describe('parseAddressProblems', () => {
  it('reads "field: message" pairs after the error prefix', () => {
    expect(
      parseAddressProblems(
        'the address is not valid: label: Give this place a name.; a3: City is required: the municipality where the building is.; pc: "1234" is not a ZIP code: use 5 digits or ZIP+4 (12345 or 12345-6789).',
      ),
    ).toEqual([
      { field: 'label', message: 'Give this place a name.' },
      { field: 'a3', message: 'City is required: the municipality where the building is.' },
      { field: 'pc', message: '"1234" is not a ZIP code: use 5 digits or ZIP+4 (12345 or 12345-6789).' },
    ]);
  });

  it('accepts a message without the prefix and keeps unknown parts for the whole form', () => {
    expect(parseAddressProblems('hno: House number is required.')).toEqual([
      { field: 'hno', message: 'House number is required.' },
    ]);
    expect(parseAddressProblems('something else went wrong')).toEqual([
      { field: '', message: 'something else went wrong' },
    ]);
  });
});

describe('oneLineAddress', () => {
  it('matches CivicAddress::one_line in Rust', () => {
    expect(
      oneLineAddress(address({ hns: 'A', pod: 'NW', bld: 'B', flr: '3', unit: '300', room: '12', loc: 'north entrance' })),
    ).toBe('200 A N Main St NW, Building B, Floor 3, Unit 300, Room 12, north entrance, Springfield, IL 62701, US');
    expect(oneLineAddress(address({ prd: '', sts: '' }))).toBe('200 Main, Springfield, IL 62701, US');
  });
});

describe('wording', () => {
  it('has words for every reason, source and verdict', () => {
    expect(confirmReasonText('unknown_network')).toBe("You're on a network Locus hasn't seen before.");
    expect(confirmReasonText('stale')).toBe("It's been a while since you confirmed this location.");
    expect(confirmReasonText('something_new')).toBe('Locus needs you to confirm where you are.');
    expect(howObtainedText('wiremap')).toBe("From your IT department's map");
    expect(howObtainedText('user_confirmed')).toBe('You confirmed this place');
    expect(howObtainedText('user_entered')).toBe('You entered this address');
    expect(verdictText('outranked')).toBe('outranked by IT');
    expect(verdictText('overridden_by_user')).toBe('overridden by your answer');
    expect(verdictText('ignored_untrusted')).toBe('ignored: public IP not trusted');
  });

  it('lists states for the US and provinces for Canada', () => {
    expect(regionsFor('US').map((r) => r.code)).toContain('DC');
    expect(regionsFor('US')).toHaveLength(56);
    expect(regionsFor('CA').map((r) => r.code)).toEqual([
      'AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT',
    ]);
  });
});

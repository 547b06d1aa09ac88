// A small stand-in for the shell's address validation, for tests that need problems to come and go as the
// user types. It follows the same field names and the flr rule as locus_location::civic::validate.

import type { AddressProblem, CivicAddress, Validation } from '../platform/bindings';

export function fakeValidate(address: CivicAddress): Validation {
  const problems: AddressProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (address.a1.trim() === '') problem('a1', address.country === 'CA' ? 'Province is required.' : 'State is required.');
  if (address.a3.trim() === '') problem('a3', 'City is required.');
  if (address.hno.trim() === '') problem('hno', 'House number is required.');
  else if (!/^\d+$/.test(address.hno.trim())) problem('hno', 'House number must be digits only.');
  if (address.rd.trim() === '') problem('rd', 'Street name is required.');
  if (address.pc.trim() === '') problem('pc', 'Postal code is required.');
  else if (address.country === 'US' && !/^\d{5}(-\d{4})?$/.test(address.pc.trim()))
    problem('pc', `"${address.pc.trim()}" is not a ZIP code.`);
  const valid = problems.length === 0;
  const inside = [address.flr, address.unit, address.room].some((v) => v.trim() !== '');
  const notDispatchable =
    valid && address.multi_storey && !inside
      ? { field: 'flr', message: 'This building has several floors or units: add the floor, unit or room.' }
      : null;
  return { problems, dispatchable: valid && notDispatchable === null, not_dispatchable_because: notDispatchable };
}

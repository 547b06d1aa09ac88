import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { App } from '../app/App';
import { fakeValidate } from '../test/addressValidator';
import { createFakePlatform, type FakePlatformOptions } from '../test/fakePlatform';
import { homeLocation, itLocation, locateNoNetwork } from '../test/fixtures';

async function openLocations(options: FakePlatformOptions = {}) {
  const platform = createFakePlatform({ validate: fakeValidate, ...options });
  render(<App platform={platform} />);
  await screen.findByRole('heading', { name: 'About this install' });
  fireEvent.click(screen.getByRole('button', { name: 'Locations' }));
  await screen.findAllByTestId('location-item');
  return platform;
}

function items(source: 'it_map' | 'personal') {
  return screen.getAllByTestId('location-item').filter((li) => li.getAttribute('data-source') === source);
}

function field(container: HTMLElement, name: string): HTMLInputElement {
  return container.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
}

describe('Locations page', () => {
  it('is reached from the page navigation, which marks the current page', async () => {
    const platform = await openLocations();
    expect(screen.getByRole('button', { name: 'Locations' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'Status' }).hasAttribute('aria-current')).toBe(false);
    expect(platform.listLocations).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole('button', { name: 'Status' }));
    expect(screen.getByTestId('current-location')).toBeTruthy();
  });

  it('lists IT locations read-only with a "From IT" badge, and personal ones editable', async () => {
    await openLocations({
      locations: [itLocation(), homeLocation(), homeLocation({ id: 'p-2', label: 'Loft', dispatchable: false })],
    });
    const [it] = items('it_map');
    expect(within(it!).getByTestId('location-label').textContent).toBe('HQ — floor 3');
    expect(within(it!).getByTestId('location-badge-it').textContent).toBe('From IT');
    expect(within(it!).queryByRole('button')).toBeNull();
    expect(within(it!).getByTestId('location-dispatchable').textContent).toBe('Dispatchable');

    const personal = items('personal');
    expect(personal.map((li) => within(li).getByTestId('location-label').textContent)).toEqual(['Home office', 'Loft']);
    expect(within(personal[0]!).queryByTestId('location-badge-it')).toBeNull();
    expect(within(personal[0]!).getByRole('button', { name: 'Edit Home office' })).toBeTruthy();
    expect(within(personal[0]!).getByRole('button', { name: 'Delete Home office' })).toBeTruthy();
    expect(within(personal[0]!).getByText('12 Elm Ave, Oak Park, IL 60302, US')).toBeTruthy();
    expect(within(personal[1]!).getByTestId('location-dispatchable').getAttribute('data-dispatchable')).toBe('false');
  });

  it('delete asks for confirmation first, and "Keep it" keeps the place', async () => {
    const platform = await openLocations();
    const home = items('personal')[0]!;
    fireEvent.click(within(home).getByRole('button', { name: 'Delete Home office' }));
    const question = within(home).getByRole('alertdialog');
    expect(question.textContent).toContain('Delete “Home office”?');
    expect(platform.deleteLocation).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Keep it' }));

    fireEvent.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(within(home).queryByRole('alertdialog')).toBeNull();
    expect(platform.deleteLocation).not.toHaveBeenCalled();

    fireEvent.click(within(home).getByRole('button', { name: 'Delete Home office' }));
    platform.options.locations = [itLocation()];
    fireEvent.click(within(home).getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.queryByText('Home office')).toBeNull());
    expect(platform.deleteLocation).toHaveBeenCalledWith('p-home');
    expect(platform.listLocations).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('no-personal-locations')).toBeTruthy();
  });

  it('a refused delete is shown in the confirmation', async () => {
    await openLocations({ delete: { reject: { code: 'read_only', message: 'location p-home is read-only' } } });
    const home = items('personal')[0]!;
    fireEvent.click(within(home).getByTestId('delete-location'));
    fireEvent.click(within(home).getByTestId('confirm-delete'));
    expect((await within(home).findByRole('alert')).textContent).toContain('location p-home is read-only');
  });

  it('edits a personal place with the address form, prefilled', async () => {
    const platform = await openLocations();
    fireEvent.click(within(items('personal')[0]!).getByRole('button', { name: 'Edit Home office' }));
    const form = screen.getByRole('form', { name: 'Edit Home office' });
    expect(field(form, 'label').value).toBe('Home office');
    expect(field(form, 'rd').value).toBe('Elm');
    expect(form.querySelector<HTMLSelectElement>('select[name="a1"]')!.value).toBe('IL');
    fireEvent.input(field(form, 'label'), { target: { value: 'Home' } });
    fireEvent.input(field(form, 'unit'), { target: { value: '2B' } });
    fireEvent.click(within(form).getByTestId('location-form-submit'));
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
    expect(platform.updateLocation).toHaveBeenCalledWith({
      location_id: 'p-home',
      label: 'Home',
      address: { ...homeLocation().address, unit: '2B' },
    });
  });

  it('an edit refused as invalid keeps the form open with the problem at its field', async () => {
    await openLocations({
      update: { reject: { code: 'invalid_address', message: 'the address is not valid: rd: Street name is required.' } },
      validate: { problems: [], dispatchable: true, not_dispatchable_because: null },
    });
    fireEvent.click(within(items('personal')[0]!).getByTestId('edit-location'));
    const form = screen.getByRole('form', { name: 'Edit Home office' });
    fireEvent.click(within(form).getByTestId('location-form-submit'));
    expect((await within(form).findByTestId('field-error-rd')).textContent).toBe('Street name is required.');
    expect(field(form, 'label').value).toBe('Home office');
  });

  it('adds the place where the user is now through the same form', async () => {
    const platform = await openLocations();
    fireEvent.click(screen.getByTestId('add-location'));
    const form = screen.getByRole('form', { name: 'New place' });
    const values = { label: 'Studio', hno: '9', rd: 'Pine', a3: 'Evanston', pc: '60201' };
    for (const [name, value] of Object.entries(values)) {
      fireEvent.input(field(form, name), { target: { value } });
    }
    fireEvent.change(form.querySelector('select[name="a1"]')!, { target: { value: 'IL' } });
    fireEvent.click(within(form).getByTestId('location-form-submit'));
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
    expect(platform.confirmLocation).toHaveBeenCalledWith({
      choice: { choice: 'new', label: 'Studio', address: expect.objectContaining({ rd: 'Pine', a1: 'IL' }) },
      moving_with_user: false,
    });
  });

  it('cannot add a place with no network', async () => {
    await openLocations({ locate: locateNoNetwork() });
    expect((screen.getByTestId('add-location') as HTMLButtonElement).disabled).toBe(true);
  });
});

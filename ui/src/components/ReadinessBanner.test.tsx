import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { OUTAGE_WARNING, readiness } from '../test/fixtures';
import { ReadinessBanner } from './ReadinessBanner';

function banner() {
  return screen.getByTestId('readiness');
}

describe('ReadinessBanner', () => {
  it('green: armed summary, no warning', () => {
    render(<ReadinessBanner readiness={readiness('green')} loading={false} />);
    expect(banner().getAttribute('data-level')).toBe('green');
    expect(banner().textContent).toContain('E911 armed — HQ, floor 3');
    expect(banner().textContent).not.toContain('Use another phone for 911.');
  });

  it('amber: shows the summary', () => {
    render(<ReadinessBanner readiness={readiness('amber')} loading={false} />);
    expect(banner().getAttribute('data-level')).toBe('amber');
    expect(banner().textContent).toContain('E911 not armed — confirm your location');
    expect(banner().textContent).not.toContain('Use another phone for 911.');
  });

  it('red: shows the summary and tells the user to use another phone', () => {
    render(<ReadinessBanner readiness={readiness('red')} loading={false} />);
    expect(banner().getAttribute('data-level')).toBe('red');
    expect(banner().textContent).toContain('No network — 911 calls cannot be placed');
    expect(banner().textContent).toContain('Use another phone for 911.');
  });

  it('red: shows the outage warning from the shell; green and amber have none', () => {
    const { rerender } = render(<ReadinessBanner readiness={readiness('red')} loading={false} />);
    expect(screen.getByTestId('readiness-warning').textContent).toBe(OUTAGE_WARNING);
    rerender(<ReadinessBanner readiness={readiness('green')} loading={false} />);
    expect(screen.queryByTestId('readiness-warning')).toBeNull();
    rerender(<ReadinessBanner readiness={readiness('amber')} loading={false} />);
    expect(screen.queryByTestId('readiness-warning')).toBeNull();
  });

  it('is a polite live status region', () => {
    render(<ReadinessBanner readiness={readiness('green')} loading={false} />);
    expect(screen.getByRole('status')).toBe(banner());
    expect(banner().getAttribute('aria-live')).toBe('polite');
  });

  it('unknown while loading, and warns when readiness could not be read', () => {
    const { rerender } = render(<ReadinessBanner readiness={null} loading={true} />);
    expect(banner().getAttribute('data-level')).toBe('unknown');
    expect(banner().textContent).toContain('Checking E911 readiness');
    expect(banner().textContent).not.toContain('Use another phone for 911.');
    rerender(<ReadinessBanner readiness={null} loading={false} />);
    expect(banner().textContent).toContain('Use another phone for 911.');
  });
});

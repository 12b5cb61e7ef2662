import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { renderInApp } from '../test/render';
import { ApiErrorAlert } from './ApiErrorAlert';
import { DEADLINE_LOOK, DeadlineBadge, type DeadlineStatus } from './DeadlineBadge';
import { PageLoader } from './PageLoader';

describe('DeadlineBadge', () => {
  it('shows an icon and a word for every status, never colour alone', async () => {
    for (const status of Object.keys(DEADLINE_LOOK) as DeadlineStatus[]) {
      const { container, unmount } = await renderInApp(<DeadlineBadge status={status} />);
      const badge = container.querySelector(`[data-status="${status}"]`)!;
      expect(badge.textContent).not.toBe('');
      expect(badge.querySelector('svg')).not.toBeNull();
      unmount();
    }
  });

  it('speaks the current language', async () => {
    await renderInApp(<DeadlineBadge status="overdue" />);
    expect(screen.getByText('Quá hạn')).toBeTruthy();
    await renderInApp(<DeadlineBadge status="done_late" />, 'en');
    expect(screen.getByText('Done late')).toBeTruthy();
  });

  it('shows nothing for a waived or cancelled assignment (no status)', async () => {
    const { container } = await renderInApp(<DeadlineBadge status={null} />);
    expect(container.querySelector('[data-status]')).toBeNull();
  });
});

describe('ApiErrorAlert', () => {
  it('shows the error in Vietnamese with its code', async () => {
    await renderInApp(<ApiErrorAlert error={ApiError.from(409, { code: 'STALE_VERSION', message: 'Stale' })} />);
    expect(screen.getByRole('alert').textContent).toContain('Dữ liệu đã được người khác thay đổi');
    expect(screen.getByTestId('error-code').textContent).toBe('Mã lỗi: STALE_VERSION');
  });

  it('lists the rules a guard refused, and falls back for a code it does not know', async () => {
    await renderInApp(<ApiErrorAlert error={ApiError.from(422, { code: 'GUARD_FAILED', message: '', details: { rules: [{ rule: 'COMMENT_REQUIRED' }] } })} />, 'en');
    expect(screen.getByRole('alert').textContent).toContain('Conditions not met: COMMENT_REQUIRED');
  });

  it('says something for an unknown code, still with the code', async () => {
    await renderInApp(<ApiErrorAlert error={ApiError.from(418, { code: 'TEAPOT', message: '' })} />);
    expect(screen.getByRole('alert').textContent).toContain('Đã có lỗi xảy ra.');
    expect(screen.getByTestId('error-code').textContent).toContain('TEAPOT');
  });
});

describe('PageLoader', () => {
  it('is a status named "Đang tải…" (axe refuses aria-label on a span without a role)', async () => {
    await renderInApp(<PageLoader />);
    expect(screen.getByRole('status', { name: 'Đang tải…' })).toBeTruthy();
  });

  it('is the only loader that carries the loading label', () => {
    // Every page loads through PageLoader: a bare <Loader aria-label=…> would bring the axe failure back.
    const sources = import.meta.glob('../**/*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    const bare = Object.entries(sources).filter(([, text]) => /<Loader[^>]*aria-label=/.test(text)).map(([file]) => file)
      .filter((file) => !file.endsWith('/PageLoader.tsx'));
    expect(bare).toEqual([]);
  });
});

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInApp } from '../test/render';
import { differsFrom, NameAtTheTime } from './NameAtTheTime';

describe('the name at the time beside the current name', () => {
  it('is shown only where it differs', () => {
    expect(differsFrom('Đảng ủy phường Bồ Đề', { unitId: 'a', unitName: 'Đảng ủy phường Bồ Đề' })).toBe(false);
    expect(differsFrom('Đảng ủy phường Bồ Đề', { unitId: 'a', unitName: null })).toBe(false);
    expect(differsFrom('Đảng ủy phường Bồ Đề', null)).toBe(false);
    expect(differsFrom('Đảng ủy phường Bồ Đề', { unitId: 'b', unitName: 'Đảng ủy phường Ngọc Lâm' })).toBe(true);
  });

  it('says which moment it names, in Vietnamese and in English', async () => {
    const atTime = { unitId: 'd', unitName: 'Quận ủy Long Biên' };
    const { unmount } = await renderInApp(<NameAtTheTime current="Thành ủy Hà Nội" atTime={atTime} kind="issued" />);
    expect(screen.getByTestId('name-at-the-time').textContent).toBe(' (ban hành với tên Quận ủy Long Biên)');
    unmount();
    await renderInApp(<NameAtTheTime current="Thành ủy Hà Nội" atTime={atTime} kind="assigned" />, 'en');
    expect(screen.getByTestId('name-at-the-time').textContent).toBe(' (assigned to Quận ủy Long Biên)');
  });

  it('renders nothing where the names are the same', async () => {
    await renderInApp(<NameAtTheTime current="Quận ủy Long Biên" atTime={{ unitId: 'd', unitName: 'Quận ủy Long Biên' }} />);
    expect(screen.queryByTestId('name-at-the-time')).toBeNull();
  });
});

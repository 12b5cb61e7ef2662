import { Badge, createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's defaults fail WCAG AA contrast in places: shade 8 of the primary colour for filled
 * buttons, automatic text contrast on coloured backgrounds, and darker placeholder, dimmed and error text.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  autoContrast: true,
  fontFamily: '"Noto Sans", "Segoe UI", Roboto, Arial, sans-serif',
  defaultRadius: 'sm',
  components: {
    // A status word is never cut to "CHƯ…" on a phone: badges wrap instead.
    Badge: Badge.extend({
      styles: { root: { maxWidth: '100%', height: 'auto', minHeight: 'var(--badge-height)' }, label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' } },
    }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-placeholder': '#5c636a', '--mantine-color-dimmed': '#495057', '--mantine-color-error': '#c92a2a' },
  dark: { '--mantine-color-placeholder': '#adb5bd', '--mantine-color-dimmed': '#ced4da' },
});

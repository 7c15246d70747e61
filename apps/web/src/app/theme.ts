import type { ThemeConfig } from 'antd';

/** One place for the look: a sober administrative blue, readable type, comfortable touch targets. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0b5cab',
    colorLink: '#0b5cab',
    borderRadius: 6,
    // antd's default greys for secondary text, help and placeholders fail WCAG AA on white.
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6e6e6e',
    // Field errors in red text: antd's #ff4d4f is below 4.5:1 on white.
    colorError: '#cf1322',
    fontSize: 15,
    fontFamily:
      "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif",
  },
};

import type { CSSProperties } from 'react';

/** A white panel, as antd's Card draws it (Card itself brings Tabs along: ~15 KB gzipped). */
export const PANEL: CSSProperties = {
  background: '#fff',
  border: '1px solid #f0f0f0',
  borderRadius: 8,
  padding: 16,
};

/** Secondary text dark enough for WCAG AA on white (antd's default grey is 3.4:1). */
export const MUTED: CSSProperties = { color: '#595959' };

/** Secondary text that still passes WCAG AA on white (antd's "secondary" grey does not). */
export const MUTED: React.CSSProperties = { color: '#595959' };

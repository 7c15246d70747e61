import { Alert } from 'antd';
import { errorMessage, fieldErrors } from '../api/errors';
import { MUTED } from './muted';

/** A text field's value for the API: trimmed, or left out when blank. */
export const blank = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

/**
 * A form's `requiredMark`: no red star (most fields are required); an optional field says
 * "(không bắt buộc)" after its label.
 */
export function optionalMark(label: React.ReactNode, { required }: { required: boolean }) {
  return (
    <span>
      {label}
      {!required && <span style={{ ...MUTED, fontWeight: 400 }}> (không bắt buộc)</span>}
    </span>
  );
}

/**
 * The API's refusal of a form, above its fields, when none of its details names a field the
 * form shows (those are set under their field instead): the error's sentence, the rest below.
 */
export function FormErrorAlert({ error, fields }: { error: unknown; fields: readonly string[] }) {
  if (!error) return null;
  const unshown = fieldErrors(error, fields);
  if (unshown.fields.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={errorMessage(error)}
      description={unshown.other.length ? unshown.other.join(' ') : undefined}
    />
  );
}

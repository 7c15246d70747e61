import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { download } from '../../../api/client';
import { errorMessage } from '../../../api/errors';
import type { TaskFile } from './taskApi';

export const fileSize = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** A file's name as a button that downloads it with the session's token. */
export function FileLink({ file }: { file: TaskFile }) {
  const { message } = App.useApp();
  return (
    <Button
      type="link"
      icon={<PaperClipOutlined />}
      style={{ paddingInline: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
      aria-label={`Tải về tệp ${file.name} (${fileSize(file.size)})`}
      onClick={() =>
        download(`/api/v1/tasks/${file.taskId}/files/${file.id}`, file.name).catch((error) =>
          message.error(errorMessage(error)),
        )
      }
    >
      {file.name}
    </Button>
  );
}

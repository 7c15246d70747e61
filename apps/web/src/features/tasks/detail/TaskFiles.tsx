import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Typography, Upload } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../../shared/format';
import { FILE_KIND_LABELS } from '../../../shared/labels';
import { FileLink, fileSize } from './FileLink';
import { FILE_ACCEPT, FILE_HINT, taskKeys, uploadTaskFiles, type TaskFile } from './taskApi';
import { MUTED } from '../../../shared/muted';

/** Every file of the task (attachments, with progress reports, with the result), to download. */
export function TaskFiles({
  taskId,
  files,
  canUpload,
}: {
  taskId: string;
  files: TaskFile[];
  canUpload: boolean;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);

  const add = async (file: File) => {
    setUploading(true);
    const failed = await uploadTaskFiles(taskId, [file], 'attachment');
    setUploading(false);
    if (failed.length) message.error(failed[0]);
    else message.success(`Đã tải lên tệp ${file.name}.`);
    void queryClient.invalidateQueries({ queryKey: taskKeys.all(taskId) });
  };

  return (
    <>
      {files.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <span style={MUTED}>
              {canUpload
                ? 'Chưa có tệp nào. Bấm “Thêm tệp” để đính kèm tài liệu.'
                : 'Chưa có tệp nào.'}
            </span>
          }
        />
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {files.map((f) => (
            <li key={f.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
              <FileLink file={f} />
              <div>
                <Typography.Text style={{ ...MUTED, fontSize: 13 }}>
                  {FILE_KIND_LABELS[f.kind] ?? f.kind} · {fileSize(f.size)} ·{' '}
                  {f.uploadedBy.fullName} · {formatDateTime(f.uploadedAt)}
                </Typography.Text>
              </div>
            </li>
          ))}
        </ul>
      )}
      {canUpload && (
        <Flex vertical gap={4} style={{ marginTop: 12 }}>
          <Upload
            accept={FILE_ACCEPT}
            showUploadList={false}
            multiple
            beforeUpload={(file) => {
              void add(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              Thêm tệp
            </Button>
          </Upload>
          <Typography.Text style={{ ...MUTED, fontSize: 13 }}>{FILE_HINT}</Typography.Text>
        </Flex>
      )}
    </>
  );
}

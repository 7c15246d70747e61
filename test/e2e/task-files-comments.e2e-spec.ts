import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import type { Response } from 'supertest';
import { seedOrganization } from '../../db/seeds/demo-organization';
import { TestStack } from '../support/test-stack';

const MAX_FILE_BYTES = 3 * 1024 * 1024;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a6b9e4a90000000049454e44ae426082',
  'hex',
);
const pdf = (size = 0) =>
  Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n'),
    Buffer.alloc(size, 0x20),
    Buffer.from('\ntrailer <<>>\n%%EOF\n'),
  ]);

/** Collects a binary response body as a Buffer. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('Files and the comment thread on tasks', () => {
  let stack: TestStack;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;
  let leader: string;
  let manager: string;
  let specialist: string;
  let otherSo: string;
  let docx: Buffer;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { TASK_FILE_MAX_BYTES: String(MAX_FILE_BYTES) } });
    ({ unitIds, userIds } = await seedOrganization(stack.api));
    [leader, manager, specialist, otherSo] = await Promise.all(
      ['chutich', 'skhdt.giamdoc', 'skhdt.chuyenvien', 'snv.giamdoc'].map((u) => stack.login(u)),
    );
    docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('Kết quả thực hiện')] }] }),
    );
  });
  afterAll(() => stack.close());

  const api = (token: string) => ({
    get: (path: string) => stack.http.get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    post: (path: string) =>
      stack.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
    delete: (path: string) =>
      stack.http.delete(`/api/v1${path}`).set('Authorization', `Bearer ${token}`),
  });
  const assign = async () =>
    (
      await api(leader)
        .post('/tasks')
        .send({
          title: 'Xây dựng báo cáo chuyển đổi số',
          source: 'ubnd_tinh',
          leadUnitId: unitIds.SKHDT,
          // The specialist works in a phòng under the Sở: named, it sees and acts on the task.
          assigneeId: userIds['skhdt.chuyenvien'],
        })
        .expect(201)
    ).body as { id: string; version: number };
  const upload = (
    token: string,
    taskId: string,
    bytes: Buffer,
    filename: string,
    fields: Record<string, string> = { kind: 'attachment' },
  ) => {
    const req = api(token).post(`/tasks/${taskId}/files`);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', bytes, { filename, contentType: 'application/octet-stream' });
  };
  /** Every file under TASK_FILES_DIR (temporary ones included), relative to it. */
  const filesOnDisk = () => {
    const root = stack.env.TASK_FILES_DIR;
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : [relative(root, join(dir, e.name))],
      );
    return walk(root).sort();
  };
  const rowsAndFiles = async () => {
    const rows: { id: string }[] = await stack.db.query('SELECT id FROM task_files ORDER BY id');
    return { rows: rows.map((r) => r.id), files: filesOnDisk() };
  };
  const expectNothingLeft = async (before: { rows: string[]; files: string[] }) =>
    expect(await rowsAndFiles()).toEqual(before);

  it('stores a PDF, a PNG and a DOCX and gives each back byte for byte with its type and Vietnamese name', async () => {
    const task = await assign();
    const cases = [
      { name: 'Báo cáo tiến độ quý 3.pdf', bytes: pdf(), type: 'application/pdf' },
      { name: 'Ảnh hiện trường.png', bytes: PNG, type: 'image/png' },
      {
        name: 'Kết quả.docx',
        bytes: docx,
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
    ];
    for (const c of cases) {
      const res = await upload(leader, task.id, c.bytes, c.name).expect(201);
      expect(res.body).toMatchObject({
        taskId: task.id,
        kind: 'attachment',
        eventSeq: null,
        name: c.name,
        size: c.bytes.length,
        contentType: c.type,
        uploadedBy: { fullName: expect.any(String) },
      });
      const down = await api(specialist)
        .get(`/tasks/${task.id}/files/${res.body.id}`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(Buffer.compare(down.body as Buffer, c.bytes)).toBe(0);
      expect(down.headers['content-type']).toBe(c.type);
      expect(down.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent(c.name)}`,
      );
      expect(down.headers['content-disposition']).toMatch(/^attachment; filename="/);
    }
    const list = await api(manager).get(`/tasks/${task.id}/files`).expect(200);
    expect(list.body.map((f: { name: string }) => f.name)).toEqual(cases.map((c) => c.name));
    const { rows, files } = await rowsAndFiles();
    expect(files.filter((f) => !f.startsWith('.tmp'))).toHaveLength(rows.length);
  });

  it('takes a file larger than the JSON body limit up to TASK_FILE_MAX_BYTES, and refuses one byte more with 413 leaving nothing', async () => {
    const task = await assign();
    const big = pdf(2 * 1024 * 1024);
    await upload(leader, task.id, big, 'Hồ sơ lớn.pdf').expect(201);
    const before = await rowsAndFiles();
    const over = pdf(MAX_FILE_BYTES - pdf().length + 1);
    expect(over.length).toBe(MAX_FILE_BYTES + 1);
    const res = await upload(leader, task.id, over, 'Quá lớn.pdf').expect(413);
    expect(res.body).toEqual({
      statusCode: 413,
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('MB'),
      details: [expect.objectContaining({ field: 'file', rule: 'maxSize' })],
    });
    await expectNothingLeft(before);
  });

  it('refuses by content, not by name: a .pdf that is text, a .pdf that is a PNG, leaving no file and no row', async () => {
    const task = await assign();
    const before = await rowsAndFiles();
    const text = await upload(
      leader,
      task.id,
      Buffer.from('Đây chỉ là văn bản thường'),
      'Tờ trình.pdf',
    ).expect(415);
    expect(text.body).toMatchObject({
      statusCode: 415,
      code: 'FILE_TYPE_NOT_ALLOWED',
      details: [{ field: 'file', rule: 'fileType' }],
    });
    const mismatch = await upload(leader, task.id, PNG, 'Tờ trình.pdf').expect(415);
    expect(mismatch.body.details).toEqual([
      expect.objectContaining({ field: 'file', rule: 'contentMismatch' }),
    ]);
    const html = await upload(leader, task.id, Buffer.from('<html></html>'), 'x.html').expect(415);
    expect(html.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    await expectNothingLeft(before);
  });

  it('refuses a bad kind, a missing file and a foreign event without leaving anything', async () => {
    const task = await assign();
    const before = await rowsAndFiles();
    const kind = await upload(leader, task.id, pdf(), 'a.pdf', { kind: 'virus' }).expect(400);
    expect(kind.body.details).toEqual([expect.objectContaining({ field: 'kind', rule: 'isIn' })]);
    const none = await api(leader)
      .post(`/tasks/${task.id}/files`)
      .field('kind', 'attachment')
      .expect(400);
    expect(none.body.details).toEqual([
      expect.objectContaining({ field: 'file', rule: 'required' }),
    ]);
    const event = await upload(leader, task.id, pdf(), 'a.pdf', {
      kind: 'progress',
      eventSeq: '99',
    }).expect(400);
    expect(event.body.details).toEqual([
      expect.objectContaining({ field: 'eventSeq', rule: 'exists' }),
    ]);
    const two = await upload(leader, task.id, pdf(), 'a.pdf')
      .attach('file', PNG, { filename: 'b.png' })
      .expect(400);
    expect(two.body.details).toEqual([
      expect.objectContaining({ field: 'file', rule: 'multipart' }),
    ]);
    const nul = await upload(leader, task.id, pdf(), 'a.pdf', { kind: 'attach\u0000ment' }).expect(
      400,
    );
    expect(nul.body.details).toEqual([expect.objectContaining({ field: 'kind', rule: 'text' })]);
    await expectNothingLeft(before);
  });

  it('keeps only the last segment of a path-like name, cleaned, and stores the bytes under the id', async () => {
    const task = await assign();
    const res = await upload(leader, task.id, pdf(), '../../../etc/Kế hoạch\u202E.pdf').expect(201);
    expect(res.body.name).toBe('Kế hoạch.pdf');
    expect(filesOnDisk()).toContain(join(res.body.id.slice(0, 2), res.body.id));
    const noExt = await upload(leader, task.id, PNG, 'anh-chup').expect(201);
    expect(noExt.body.name).toBe('anh-chup.png');
  });

  it('links a progress report of 50 % with its note to its PDF, shown together in the timeline', async () => {
    const task = await assign();
    await api(specialist).post(`/tasks/${task.id}/accept`).expect(200);
    const progress = await api(specialist)
      .post(`/tasks/${task.id}/progress`)
      .send({ percent: 50, note: 'Đã hoàn thành dự thảo' })
      .expect(200);
    const seq = progress.body.version as number;
    const file = await upload(specialist, task.id, pdf(), 'Dự thảo.pdf', {
      kind: 'progress',
      eventSeq: String(seq),
    }).expect(201);
    expect(file.body).toMatchObject({ kind: 'progress', eventSeq: seq });
    const timeline = await api(leader).get(`/tasks/${task.id}/timeline`).expect(200);
    const entry = timeline.body.find(
      (e: { event: { seq: number } | null }) => e.event?.seq === seq,
    );
    expect(entry).toMatchObject({
      type: 'event',
      actor: { fullName: expect.any(String), unitName: expect.any(String) },
      event: { action: 'reportProgress', data: { percent: 50, note: 'Đã hoàn thành dự thảo' } },
      files: [{ id: file.body.id, name: 'Dự thảo.pdf' }],
    });
  });

  it('gives a user of another Sở exactly the answer GET /tasks/:id gives, for every file and comment route', async () => {
    const task = await assign();
    const file = await upload(leader, task.id, pdf(), 'Mật.pdf').expect(201);
    const before = await rowsAndFiles();
    const expected = await api(otherSo).get(`/tasks/${task.id}`);
    expect(expected.status).toBe(403);
    const answers = await Promise.all([
      api(otherSo).get(`/tasks/${task.id}/files`),
      api(otherSo).get(`/tasks/${task.id}/files/${file.body.id}`),
      api(otherSo).delete(`/tasks/${task.id}/files/${file.body.id}`),
      upload(otherSo, task.id, pdf(), 'x.pdf'),
      api(otherSo).get(`/tasks/${task.id}/comments`),
      api(otherSo).post(`/tasks/${task.id}/comments`).send({ body: 'Xin ý kiến' }),
      api(otherSo).get(`/tasks/${task.id}/timeline`),
    ]);
    for (const a of answers) {
      expect({ status: a.status, body: a.body }).toEqual({
        status: expected.status,
        body: expected.body,
      });
    }
    const unknown = crypto.randomUUID();
    const missing = await api(leader).get(`/tasks/${unknown}`).expect(404);
    for (const a of await Promise.all([
      api(leader).get(`/tasks/${unknown}/files`),
      upload(leader, unknown, pdf(), 'x.pdf'),
      api(leader).get(`/tasks/${unknown}/comments`),
    ])) {
      expect({ status: a.status, body: a.body }).toEqual({ status: 404, body: missing.body });
    }
    await expectNothingLeft(before);
  });

  it('lets only the uploader delete a file while the task is open, removing its bytes', async () => {
    const task = await assign();
    const file = await upload(specialist, task.id, PNG, 'Ảnh.png').expect(201);
    const byOther = await api(leader).delete(`/tasks/${task.id}/files/${file.body.id}`).expect(403);
    expect(byOther.body.code).toBe('ACTION_NOT_ALLOWED');
    await api(specialist).delete(`/tasks/${task.id}/files/${file.body.id}`).expect(204);
    expect(filesOnDisk()).not.toContain(join(file.body.id.slice(0, 2), file.body.id));
    const gone = await api(specialist).get(`/tasks/${task.id}/files/${file.body.id}`).expect(404);
    expect(gone.body.code).toBe('TASK_FILE_NOT_FOUND');
  });

  it('keeps a comment thread oldest first with author and unit, bounded like other text', async () => {
    const task = await assign();
    const bodies = ['Đề nghị bổ sung số liệu quý 3', 'Đã bổ sung, kính trình', 'Đồng ý'];
    const tokens = [leader, specialist, leader];
    for (const [i, body] of bodies.entries()) {
      await api(tokens[i]).post(`/tasks/${task.id}/comments`).send({ body }).expect(201);
    }
    const thread = await api(manager).get(`/tasks/${task.id}/comments`).expect(200);
    expect(thread.body.map((c: { body: string }) => c.body)).toEqual(bodies);
    expect(thread.body[1]).toMatchObject({
      taskId: task.id,
      author: { fullName: expect.any(String), unitName: expect.any(String) },
      createdAt: expect.stringMatching(/Z$/),
    });
    for (const [body, rule] of [
      ['', 'isNotEmpty'],
      ['   \n ', 'matches'],
      ['ý'.repeat(5001), 'maxLength'],
      ['a\u0000b', 'text'],
    ] as const) {
      const res = await api(leader).post(`/tasks/${task.id}/comments`).send({ body }).expect(400);
      expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'body', rule }));
    }
    await api(leader)
      .post(`/tasks/${task.id}/comments`)
      .send({ body: 'ý'.repeat(5000) })
      .expect(201);
    const unknownField = await api(leader)
      .post(`/tasks/${task.id}/comments`)
      .send({ body: 'x', authorId: task.id })
      .expect(400);
    expect(unknownField.body.details[0]).toMatchObject({ field: 'authorId', rule: 'unknownField' });
  });

  it('puts comments into the timeline among the history events and tells the task’s people', async () => {
    const task = await assign();
    await api(specialist)
      .post(`/tasks/${task.id}/comments`)
      .send({ body: 'Xin hướng dẫn' })
      .expect(201);
    await api(specialist).post(`/tasks/${task.id}/accept`).expect(200);
    await api(leader).post(`/tasks/${task.id}/comments`).send({ body: 'Làm theo mẫu' }).expect(201);
    const timeline = await api(manager).get(`/tasks/${task.id}/timeline`).expect(200);
    expect(
      timeline.body.map(
        (e: { type: string; event?: { action: string }; comment?: { body: string } }) =>
          e.type === 'event' ? e.event!.action : e.comment!.body,
      ),
    ).toEqual(['assign', 'Xin hướng dẫn', 'accept', 'Làm theo mẫu']);
    const history = await api(manager).get(`/tasks/${task.id}/history`).expect(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(['assign', 'accept']);

    const inbox = async (token: string) =>
      (await api(token).get('/notifications').expect(200)).body.items.filter(
        (n: { taskId: string; kind: string }) => n.taskId === task.id && n.kind === 'task_comment',
      ) as { title: string; body: string }[];
    const leaderNotices = await inbox(leader);
    expect(leaderNotices).toHaveLength(1);
    expect(leaderNotices[0].title).toMatch(
      /đã trao đổi về nhiệm vụ: Xây dựng báo cáo chuyển đổi số$/,
    );
    expect(leaderNotices[0].body).toContain('Xin hướng dẫn');
    // The lead unit's manager hears of both; the specialist, who commented first, of the reply.
    expect(await inbox(manager)).toHaveLength(2);
    const specialistNotices = await inbox(specialist);
    expect(specialistNotices.map((n) => n.body)).toEqual([expect.stringContaining('Làm theo mẫu')]);
    expect(await inbox(otherSo)).toEqual([]);
  });

  it('takes comments on a completed task but no new files', async () => {
    const task = await assign();
    await api(manager)
      .post(`/tasks/${task.id}/submit`)
      .send({ result: 'Đã ban hành báo cáo' })
      .expect(200);
    await api(leader).post(`/tasks/${task.id}/approve`).send({}).expect(200);
    const comment = await api(specialist)
      .post(`/tasks/${task.id}/comments`)
      .send({ body: 'Đã lưu hồ sơ' })
      .expect(201);
    expect(comment.body.body).toBe('Đã lưu hồ sơ');
    const before = await rowsAndFiles();
    const closed = await upload(manager, task.id, pdf(), 'Muộn.pdf', { kind: 'result' }).expect(
      409,
    );
    expect(closed.body.code).toBe('TASK_CLOSED');
    await expectNothingLeft(before);
  });
});

/** Sync problems in plain words (en/ja) for the admin, with a stable code for the UI. */
export interface SyncProblem {
  code:
    | 'offline'
    | 'network'
    | 'timeout'
    | 'not-ingest'
    | 'wait-requested'
    | 'rate-limited'
    | 'server-error'
    | 'unauthorized'
    | 'conflict'
    | 'too-large'
    | 'rejected'
    | 'not-configured'
    | 'endpoint-invalid';
  en: string;
  ja: string;
  atMs: number;
  status?: number;
}

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

export const problems = {
  network: (detail: string, retryMs: number, atMs: number): SyncProblem => ({
    code: 'network',
    en: `Could not reach the upstream server: ${detail}. Trying again in ${seconds(retryMs)} s; nothing is lost meanwhile.`,
    ja: `送信先のサーバーに接続できません（${detail}）。${seconds(retryMs)}秒後に再試行します。その間もデータは失われません。`,
    atMs,
  }),
  timeout: (detail: string, retryMs: number, atMs: number): SyncProblem => ({
    code: 'timeout',
    en: `The upload timed out: ${detail}. Trying again in ${seconds(retryMs)} s; nothing is lost meanwhile.`,
    ja: `送信がタイムアウトしました（${detail}）。${seconds(retryMs)}秒後に再試行します。その間もデータは失われません。`,
    atMs,
  }),
  notIngest: (status: number, contentType: string, retryMs: number, atMs: number): SyncProblem => ({
    code: 'not-ingest',
    en: `The server that answered (HTTP ${status}, ${contentType || 'no content type'}) is not the ingest server (captive portal?); the records stay queued. Sign in to the network in a browser or check the endpoint. Trying again in ${seconds(retryMs)} s.`,
    ja: `応答したサーバー（HTTP ${status}、${contentType || 'Content-Type なし'}）は送信先のサーバーではありません（ネットワークのログイン画面の可能性があります）。データは送信待ちのままです。ブラウザでネットワークにログインするか、送信先を確認してください。${seconds(retryMs)}秒後に再試行します。`,
    atMs,
    status,
  }),
  waitRequested: (status: number | null, notBeforeMs: number, atMs: number): SyncProblem => ({
    code: 'wait-requested',
    en: `The upstream server asked to wait until ${new Date(notBeforeMs).toISOString()}${status ? ` (HTTP ${status})` : ''}; donations stay queued and go out after that.`,
    ja: `送信先のサーバーから ${new Date(notBeforeMs).toISOString()} まで待つよう指示がありました${status ? `（HTTP ${status}）` : ''}。提供データは待機し、その後に送信されます。`,
    atMs,
    ...(status ? { status } : {}),
  }),
  offline: (detail: string, atMs: number): SyncProblem => ({
    code: 'offline',
    en: `Offline: ${detail}. Donations wait in the queue and go out when the connection is back.`,
    ja: `オフラインです（${detail}）。提供データは待機し、接続が戻ると送信されます。`,
    atMs,
  }),
  rateLimited: (status: number, waitMs: number, atMs: number): SyncProblem => ({
    code: 'rate-limited',
    en: `The upstream server is busy (HTTP ${status}) and asked to wait ${seconds(waitMs)} s; uploads continue after that.`,
    ja: `送信先のサーバーが混雑しています（HTTP ${status}）。指示に従い${seconds(waitMs)}秒待ってから続けます。`,
    atMs,
    status,
  }),
  serverError: (status: number, retryMs: number, atMs: number): SyncProblem => ({
    code: 'server-error',
    en: `The upstream server reported an error (HTTP ${status}). Trying again in ${seconds(retryMs)} s.`,
    ja: `送信先のサーバーでエラーが発生しました（HTTP ${status}）。${seconds(retryMs)}秒後に再試行します。`,
    atMs,
    status,
  }),
  unauthorized: (status: number, atMs: number): SyncProblem => ({
    code: 'unauthorized',
    en: `The upstream server refused this facility's token (HTTP ${status}). Uploads are stopped until an admin enters a valid token in Sync settings.`,
    ja: `送信先のサーバーがこの施設のトークンを拒否しました（HTTP ${status}）。管理者が同期設定で正しいトークンを入力するまで送信を停止します。`,
    atMs,
    status,
  }),
  conflict: (batchId: string, atMs: number): SyncProblem => ({
    code: 'conflict',
    en: `The upstream server already holds a different batch with id ${batchId.slice(0, 12)}… (HTTP 409). That batch was set aside; the rest continues.`,
    ja: `送信先に同じID（${batchId.slice(0, 12)}…）で内容の異なるバッチがあります（HTTP 409）。そのバッチは保留し、残りの送信を続けます。`,
    atMs,
    status: 409,
  }),
  tooLarge: (atMs: number): SyncProblem => ({
    code: 'too-large',
    en: 'One record is larger than the upstream server accepts (HTTP 413); it was set aside.',
    ja: '1件のレコードが送信先の上限を超えています（HTTP 413）。そのレコードは保留しました。',
    atMs,
    status: 413,
  }),
  rejected: (status: number, detail: string, retryMs: number, atMs: number): SyncProblem => ({
    code: 'rejected',
    en: `The upstream server refused a batch (HTTP ${status}${detail ? `: ${detail}` : ''}). Trying again in ${seconds(retryMs)} s.`,
    ja: `送信先のサーバーがバッチを拒否しました（HTTP ${status}${detail ? `：${detail}` : ''}）。${seconds(retryMs)}秒後に再試行します。`,
    atMs,
    status,
  }),
  notConfigured: (atMs: number): SyncProblem => ({
    code: 'not-configured',
    en: 'No upstream endpoint or token is set. An admin sets them in Sync settings.',
    ja: '送信先またはトークンが設定されていません。管理者が同期設定で設定してください。',
    atMs,
  }),
  endpointInvalid: (message: string, atMs: number): SyncProblem => ({
    code: 'endpoint-invalid',
    en: message,
    ja: `送信先のアドレスが使用できません：${message}`,
    atMs,
  }),
};

/** A batch PUT's answer that neither stored the batch nor has its own handling (401/403/409/413). */
export function problemOfReply(
  reply: { status: number; contentType: string; body: string },
  retryMs: number,
  atMs: number,
): SyncProblem {
  const { status } = reply;
  if (status === 429 || status === 503) return problems.rateLimited(status, retryMs, atMs);
  if (status === 200 || status === 201)
    return problems.notIngest(status, reply.contentType, retryMs, atMs);
  if (status >= 500) return problems.serverError(status, retryMs, atMs);
  return problems.rejected(status, reply.body, retryMs, atMs);
}

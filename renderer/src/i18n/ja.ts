/** 日本語の文言。キーは en.ts と完全に一致している必要があります（不足があると型エラーになります）。 */
import { authJa } from './auth.ja';
import { diagnosticsJa } from './diagnostics.ja';
import { errorsJa } from './errors.ja';
import type { Dictionary } from './en';
import { logsJa } from './logs.ja';
import { robotsJa } from './robots.ja';
import { syncJa } from './sync.ja';
import { teachJa } from './teach.ja';

export const ja = {
  ...authJa,
  ...robotsJa,
  ...syncJa,
  ...diagnosticsJa,
  ...errorsJa,
  ...teachJa,
  ...logsJa,
  'app.name': 'Genba',
  'app.mark': '現',
  'app.tagline': '現場コンソール',
  'app.skipToContent': '本文へ移動',
  'app.loading': '読み込み中…',
  'app.pageTitle': '{area} · Genba',

  'nav.label': 'メニュー',
  'nav.robots': 'ロボット',
  'nav.diagnostics': '診断',
  'nav.teach': 'ティーチング',
  'nav.logs': 'ログ',
  'nav.sync': '同期',
  'nav.settings': '設定',

  'status.label': '状態',
  'status.online': 'オンライン',
  'status.offline': 'オフライン',
  'status.network': 'ネットワーク',
  'status.database': 'データベース',
  'status.databaseOk': '正常',
  'status.databaseError': 'エラー',
  'status.databaseReadOnly': '読み取り専用',
  'status.schema': 'スキーマ v{version}',
  'status.robots': 'ロボット',
  'status.robotsCount': '{connected} / {total} 台 接続中',
  'status.demo': 'デモ',
  'status.demoHint': 'デモ施設です（シミュレーションのロボットとサンプルデータ）',
  'status.connection': '接続',
  'status.connecting': '接続しています…',
  'status.connected': '接続済み',
  'status.reconnecting': '再接続しています…',
  'status.unreachable': '接続できません',
  'status.unknown': '—',
  'status.databaseDiskFull': 'ディスク容量不足',
  'status.databaseIoError': 'ディスクエラー',
  'storage.bannerLabel': '記憶装置',
  'storage.diskFull':
    'ディスクがいっぱいです：記録を一時停止中 — {volume} の空き容量を増やしてください（空き {free} MB）',
  'storage.diskFullUnknownFree':
    'ディスクがいっぱいです：記録を一時停止中 — {volume} の空き容量を増やしてください',
  'storage.ioError':
    'ディスクの読み書きエラー：記録を一時停止中 — {volume} のドライブを確認してください',
  'storage.held': 'テレメトリ {count} 件をメモリに保持しています。空き容量が戻ると書き込みます。',
  'storage.dropped': 'テレメトリ {count} 件は保持できませんでした。',

  'connection.unreachableTitle': 'Genba に接続できません',
  'connection.unreachableBody':
    'この画面から Genba のサービスにつながりませんでした。サービスが止まっているか、以前に起動したときのアドレスを開いている可能性があります（アクセスキーは起動するたびに変わります）。',
  'connection.unreachableWhatToDo':
    '「genba serve」を起動したときに表示されたアドレスを開き直すか、管理者に Genba の再起動を依頼してください。この画面は自動で接続を試し続けます。',
  'connection.reload': 'ページを再読み込み',
  'connection.connectingTitle': 'Genba に接続しています…',

  'error.bannerLabel': 'お知らせ',
  'error.dismiss': '閉じる',
  'error.dismissNamed': 'メッセージを閉じる：{message}',
  'error.unknown': 'うまくいきませんでした（理由は不明です）。もう一度お試しください。',
  'error.areaTitle': 'この画面で問題が起きました',
  'error.areaBody':
    'アプリの不具合でこの画面が止まりました。ロボットと保存されたデータには影響ありません。この画面だけを読み込み直せます。',
  'error.areaReload': 'この画面を読み込み直す',
  'error.appTitle': 'Genba の画面で問題が起きました',
  'error.appBody':
    'ロボットと保存されたデータには影響ありません。ページを再読み込みして続けてください。',
  'error.appReload': '再読み込み',

  'robots.title': 'ロボット',
  'robots.intro': 'この端末につながっているロボットと、その様子です。',
  'robots.loading': 'ロボットを探しています…',
  'robots.emptyTitle': 'ロボットが接続されていません',
  'robots.emptyBody': 'この端末では、まだロボットが見つかっていません。',
  'robots.emptyStepUsb':
    'ロボットの USB アダプターをこのパソコンに差し込んでください。数秒で自動的に見つかります。',
  'robots.emptyStepDemo': 'ロボットなしで試すときは、デモ施設を起動してください：',
  'robots.demoCommand': 'genba serve --demo',
  'robots.listLabel': '接続中のロボット',
  'robots.state': '状態',
  'robots.profile': '機種',
  'robots.port': 'ポート',
  'robots.simulated': 'シミュレーション',
  'robots.allGood': '問題は報告されていません。',
  'robots.attention': '確認が必要です',
  'robots.state.connecting': '接続中',
  'robots.state.ready': '使えます',
  'robots.state.torque-off': '脱力中（トルクオフ）',
  'robots.state.running': '作業中',
  'robots.state.fault': '異常',
  'robots.state.disconnected': '未接続',
  'robots.stateHelp.connecting': 'ロボットと通信を始めています。',
  'robots.stateHelp.ready': 'すぐに使えます。',
  'robots.stateHelp.torque-off': 'モーターの力が抜けています。手でアームを動かせます。',
  'robots.stateHelp.running': '動いています。アームに近づかないでください。',
  'robots.stateHelp.fault': '問題が起きたため、ロボットが自分で止まりました。',
  'robots.stateHelp.disconnected': 'ロボットと通信できません。ケーブルと電源を確認してください。',

  'settings.title': '設定',
  'settings.intro': 'この端末で変更できる、安全な設定です。',
  'settings.language': '表示言語',
  'settings.languageHelp': 'この選択は、この端末で記憶されます。',
  'settings.languageSaved': '表示言語を保存しました。',
  'settings.about': 'このアプリについて',
  'settings.aboutLoading': '読み込み中…',
  'settings.version': 'バージョン',
  'settings.platform': 'プラットフォーム',
  'settings.node': 'Node.js',
  'settings.electron': 'Electron',
  'settings.electronNone': '使用していません（ブラウザーモード）',
  'settings.locale': 'システムのロケール',
  'settings.transport': '接続方法',
  'settings.transport.ipc': 'デスクトップアプリ',
  'settings.transport.websocket': 'ブラウザーモード（ローカルのソケット）',
  'settings.databasePath': 'データベースファイル',
  'settings.schemaVersion': 'データベースのスキーマ',
  'settings.sqliteVersion': 'SQLite',

  'language.ja': '日本語',
  'language.en': 'English',
} as const satisfies Dictionary;

/**
 * English strings: the source of every message key. `ja.ts` must provide exactly these keys.
 * Placeholders are written `{name}` and filled by `t(key, { name })`.
 */
import { authEn } from './auth.en';
import { diagnosticsEn } from './diagnostics.en';
import { errorsEn } from './errors.en';
import { logsEn } from './logs.en';
import { robotsEn } from './robots.en';
import { syncEn } from './sync.en';
import { teachEn } from './teach.en';

export const en = {
  ...authEn,
  ...robotsEn,
  ...syncEn,
  ...diagnosticsEn,
  ...errorsEn,
  ...teachEn,
  ...logsEn,
  'app.name': 'Genba',
  'app.mark': '現',
  'app.tagline': 'On-site robot console',
  'app.skipToContent': 'Skip to content',
  'app.loading': 'Loading…',
  'app.pageTitle': '{area} · Genba',

  'nav.label': 'Main areas',
  'nav.robots': 'Robots',
  'nav.diagnostics': 'Diagnostics',
  'nav.teach': 'Teach',
  'nav.logs': 'Logs',
  'nav.sync': 'Sync',
  'nav.settings': 'Settings',

  'status.label': 'Status',
  'status.online': 'Online',
  'status.offline': 'Offline',
  'status.network': 'Network',
  'status.database': 'Database',
  'status.databaseOk': 'OK',
  'status.databaseError': 'Error',
  'status.databaseReadOnly': 'Read-only',
  'status.schema': 'schema v{version}',
  'status.robots': 'Robots',
  'status.robotsCount': '{connected} / {total} connected',
  'status.demo': 'DEMO',
  'status.demoHint': 'Demo facility: simulated robots and sample data',
  'status.connection': 'Connection',
  'status.connecting': 'Connecting…',
  'status.connected': 'Connected',
  'status.reconnecting': 'Reconnecting…',
  'status.unreachable': 'Cannot connect',
  'status.unknown': '—',
  'status.databaseDiskFull': 'Disk full',
  'status.databaseIoError': 'Disk error',
  'storage.bannerLabel': 'Storage',
  'storage.diskFull': 'Disk full: logging paused — free space on {volume} ({free} MB free)',
  'storage.diskFullUnknownFree': 'Disk full: logging paused — free space on {volume}',
  'storage.ioError': 'Disk error: logging paused — check the drive holding {volume}',
  'storage.held':
    '{count} telemetry samples are kept in memory and will be written when space returns.',
  'storage.dropped': '{count} telemetry samples could not be kept.',

  'connection.unreachableTitle': 'Cannot connect to Genba',
  'connection.unreachableBody':
    'This screen could not reach the Genba service. The service may have stopped, or this address is from an earlier launch — the access key changes every time Genba starts.',
  'connection.unreachableWhatToDo':
    'Open the address that “genba serve” printed when it started, or ask your administrator to restart Genba. This page keeps trying in the background.',
  'connection.reload': 'Reload page',
  'connection.connectingTitle': 'Connecting to Genba…',

  'error.bannerLabel': 'Problems',
  'error.dismiss': 'Dismiss',
  'error.dismissNamed': 'Dismiss message: {message}',
  'error.unknown': 'Something went wrong, but no reason was given. Try again.',
  'error.areaTitle': 'This area had a problem',
  'error.areaBody':
    'This screen stopped because of a problem in the app. Your robots and saved data are not affected. You can reload just this area.',
  'error.areaReload': 'Reload this area',
  'error.appTitle': 'Genba had a problem showing this screen',
  'error.appBody': 'Your robots and saved data are not affected. Reload the page to continue.',
  'error.appReload': 'Reload',

  'robots.title': 'Robots',
  'robots.intro': 'Each robot connected to this terminal, and whether it is OK.',
  'robots.loading': 'Looking for robots…',
  'robots.emptyTitle': 'No robot is connected',
  'robots.emptyBody': 'Genba has not found any robot on this terminal yet.',
  'robots.emptyStepUsb':
    'Plug the robot’s USB adapter into this computer. Genba finds it by itself within a few seconds.',
  'robots.emptyStepDemo': 'To try Genba without a robot, start the demo facility:',
  'robots.demoCommand': 'genba serve --demo',
  'robots.listLabel': 'Connected robots',
  'robots.state': 'State',
  'robots.profile': 'Model',
  'robots.port': 'Port',
  'robots.simulated': 'Simulated',
  'robots.allGood': 'No problems reported.',
  'robots.attention': 'Needs attention',
  'robots.state.connecting': 'Connecting',
  'robots.state.ready': 'Ready',
  'robots.state.torque-off': 'Torque off (relaxed)',
  'robots.state.running': 'Running a task',
  'robots.state.fault': 'Fault',
  'robots.state.disconnected': 'Disconnected',
  'robots.stateHelp.connecting': 'Genba is talking to the robot.',
  'robots.stateHelp.ready': 'Ready to use.',
  'robots.stateHelp.torque-off': 'The motors are relaxed. The arm can be moved by hand.',
  'robots.stateHelp.running': 'The robot is moving. Keep clear of its arm.',
  'robots.stateHelp.fault': 'The robot stopped itself because of a problem.',
  'robots.stateHelp.disconnected': 'Genba cannot reach the robot. Check its cable and power.',

  'settings.title': 'Settings',
  'settings.intro': 'A few safe settings for this terminal.',
  'settings.language': 'Language',
  'settings.languageHelp': 'Genba remembers this choice on this terminal.',
  'settings.languageSaved': 'Language saved.',
  'settings.about': 'About',
  'settings.aboutLoading': 'Loading…',
  'settings.version': 'Version',
  'settings.platform': 'Platform',
  'settings.node': 'Node.js',
  'settings.electron': 'Electron',
  'settings.electronNone': 'Not used (browser mode)',
  'settings.locale': 'System locale',
  'settings.transport': 'Connection',
  'settings.transport.ipc': 'Desktop app',
  'settings.transport.websocket': 'Browser mode (local network socket)',
  'settings.databasePath': 'Database file',
  'settings.schemaVersion': 'Database schema',
  'settings.sqliteVersion': 'SQLite',

  'language.ja': '日本語',
  'language.en': 'English',
} as const;

export type MessageKey = keyof typeof en;
/** Every language provides every key — TypeScript refuses a dictionary with one missing. */
export type Dictionary = { readonly [K in MessageKey]: string };

/**
 * The teaching worker: a short-lived process that loads the verified teaching pack in
 * onnxruntime, turns one demonstration into a program and is then ended by the app — so
 * inference never runs on the app's main thread and a native fault cannot take the app down.
 */
import { getRobotProfile } from '../robots/robot-profile';
import type { Demonstration } from './demonstration';
import { teachFromDemonstration, type TeachResult } from './teach-pipeline';
import { parentLink } from '../process/parent-port';
import { serveRequests } from '../process/request-reply';
import { loadTeachingHead } from './teaching-pack';

/** What the worker serves (request-reply.ts). */
export type TeachWorkerApi = {
  teach(demo: Demonstration, name: string, packDir?: string): Promise<TeachResult>;
};

const api: TeachWorkerApi = {
  teach: async (demo, name, packDir) => {
    const profile = getRobotProfile(demo.robotProfile);
    if (profile.kind !== 'arm') throw new Error(`${profile.id} is not an arm.`);
    const head = await loadTeachingHead(packDir);
    const result = await teachFromDemonstration(demo, profile, head.classify, {
      name,
      model: head.model,
    });
    await head.release();
    return result;
  },
};

serveRequests(parentLink, api);

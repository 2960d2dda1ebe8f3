/**
 * The teaching worker: a short-lived process that loads the verified teaching pack in
 * onnxruntime, turns one demonstration into a program and exits — so inference never runs on
 * the app's main thread and a native fault cannot take the app down.
 */
import { getRobotProfile } from '../robots/robot-profile';
import type { Demonstration } from './demonstration';
import { teachFromDemonstration, type TeachResult } from './teach-pipeline';
import { onParentMessage, sendFinalToParent } from '../process/parent-port';
import { loadTeachingHead } from './teaching-pack';

export interface TeachWorkerRequest {
  demo: Demonstration;
  name: string;
  packDir?: string;
}

export type TeachWorkerReply = { ok: true; result: TeachResult } | { ok: false; message: string };

onParentMessage((message) => {
  void (async () => {
    const request = message as TeachWorkerRequest;
    let reply: TeachWorkerReply;
    try {
      const profile = getRobotProfile(request.demo.robotProfile);
      if (profile.kind !== 'arm') throw new Error(`${profile.id} is not an arm.`);
      const head = await loadTeachingHead(request.packDir);
      const result = await teachFromDemonstration(request.demo, profile, head.classify, {
        name: request.name,
        model: head.model,
      });
      await head.release();
      reply = { ok: true, result };
    } catch (error) {
      reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    sendFinalToParent(reply);
  })();
});

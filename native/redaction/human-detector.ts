/**
 * Faces (BlazeFace) and, on request, persons (CenterNet) found by @vladmandic/human on TensorFlow.js'
 * WebAssembly backend. The models and the .wasm files ship inside the npm packages, so nothing is
 * downloaded; tfjs-node (a native download) is not used. Meant to run in its own process so
 * inference never shares a thread with a poll loop.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

export interface Detections {
  faces: Box[];
  persons: Box[];
}

interface HumanResult {
  face: { box: [number, number, number, number]; score: number }[];
  object: { box: [number, number, number, number]; score: number; label: string }[];
}
interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<HumanResult>;
}
interface TfCore {
  tensor3d(
    values: Uint8Array,
    shape: [number, number, number],
    dtype: 'int32',
  ): { dispose(): void };
}

const require = createRequire(import.meta.url);

/** Node's fetch has no file: scheme; Human loads its models with fetch, so read those from disk. */
function allowFileFetch(): void {
  const marker = Symbol.for('genba.fileFetch');
  const g = globalThis as typeof globalThis & { [marker]?: true };
  if (g[marker]) return;
  const networkFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith('file:')) return networkFetch(input, init);
    return new Response(await readFile(new URL(url)), { status: 200 });
  };
  g[marker] = true;
}

export class HumanDetector {
  private constructor(
    private readonly human: HumanInstance,
    private readonly tf: TfCore,
  ) {}

  static async load(
    options: { persons?: boolean; minFaceScore?: number } = {},
  ): Promise<HumanDetector> {
    allowFileFetch();
    const humanMain = require.resolve('@vladmandic/human');
    const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    // The package's export map names no subpaths, so the wasm build is loaded by file path.
    const { Human } = require(join(dirname(humanMain), 'human.node-wasm.js')) as {
      Human: new (config: object) => HumanInstance;
    };
    const tf = require('@tensorflow/tfjs-core') as TfCore;
    const human = new Human({
      backend: 'wasm',
      wasmPath: `${pathToFileURL(wasmDist).href}/`,
      modelBasePath: `${pathToFileURL(join(dirname(humanMain), '..', 'models')).href}/`,
      debug: false,
      cacheSensitivity: 0,
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: { rotation: false, maxDetected: 50, minConfidence: options.minFaceScore ?? 0.2 },
        mesh: { enabled: false },
        iris: { enabled: false },
        description: { enabled: false },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
      },
      body: { enabled: false },
      hand: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
      object: {
        enabled: options.persons ?? false,
        modelPath: 'centernet.json',
        minConfidence: 0.3,
        maxDetected: 50,
      },
    });
    await human.load();
    return new HumanDetector(human, tf);
  }

  /** Detects in an RGBA frame of `width × height`. */
  async detect(
    rgba: Uint8Array | Uint8ClampedArray,
    width: number,
    height: number,
  ): Promise<Detections> {
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0, j = 0; i < width * height * 4; i += 4) {
      rgb[j++] = rgba[i]!;
      rgb[j++] = rgba[i + 1]!;
      rgb[j++] = rgba[i + 2]!;
    }
    const tensor = this.tf.tensor3d(rgb, [height, width, 3], 'int32');
    try {
      const result = await this.human.detect(tensor);
      const box = ([x, y, w, h]: [number, number, number, number], score: number): Box => ({
        x,
        y,
        width: w,
        height: h,
        score,
      });
      return {
        faces: result.face.map((f) => box(f.box, f.score)),
        persons: result.object.filter((o) => o.label === 'person').map((o) => box(o.box, o.score)),
      };
    } finally {
      tensor.dispose();
    }
  }
}

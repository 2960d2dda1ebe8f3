/**
 * The three parquet tables of a LeRobotDataset v3.0 export (data, meta/episodes, meta/tasks),
 * built as Arrow tables and written by parquet-wasm (the arrow-rs writer). Arrow rather than a
 * plain parquet writer because LeRobot reads vectors as fixed_size_list<float32>[n]: arrow-rs keeps
 * that type in the file's ARROW:schema entry, exactly as pyarrow does.
 */
import { writeFileSync } from 'node:fs';
import {
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int64,
  List,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';

/** One episode's frames, columnar: `state` and `action` hold `length × dim` floats, row-major. */
export interface EpisodeFrames {
  episodeIndex: number;
  /** Global index of the episode's first frame (the `index` column starts here). */
  firstIndex: number;
  length: number;
  stateDim: number;
  actionDim: number;
  state: Float32Array;
  action: Float32Array;
  /** task_index of every frame. */
  taskIndex: Int32Array | number[];
}

function int64s(values: ArrayLike<number>): Vector {
  return makeVector(BigInt64Array.from(Array.from(values, (v) => BigInt(v))));
}

function fixedSizeFloats(values: Float32Array, dim: number): Vector {
  if (values.length % dim !== 0)
    throw new Error(`a ${dim}-wide vector column got ${values.length} values (not a multiple)`);
  const type = new FixedSizeList(dim, new Field('item', new Float32(), true));
  const child = makeData({ type: new Float32(), length: values.length, data: values });
  return makeVector(makeData({ type, length: values.length / dim, nullCount: 0, child }));
}

/** The rows of `data/chunk-NNN/file-NNN.parquet` for the given episodes, in order. */
export function dataTable(episodes: EpisodeFrames[], fps: number): Table {
  const total = episodes.reduce((sum, e) => sum + e.length, 0);
  const dims = new Set(episodes.map((e) => `${e.stateDim}/${e.actionDim}`));
  if (dims.size > 1)
    throw new Error(`episodes disagree on state/action size: ${[...dims].join(', ')}`);
  const stateDim = episodes[0]?.stateDim ?? 0;
  const actionDim = episodes[0]?.actionDim ?? 0;
  const state = new Float32Array(total * stateDim);
  const action = new Float32Array(total * actionDim);
  const timestamp = new Float32Array(total);
  const frameIndex: number[] = [];
  const episodeIndex: number[] = [];
  const index: number[] = [];
  const taskIndex: number[] = [];
  let row = 0;
  for (const e of episodes) {
    if (e.state.length !== e.length * stateDim || e.action.length !== e.length * actionDim)
      throw new Error(`episode ${e.episodeIndex}: state/action arrays do not match its length`);
    state.set(e.state, row * stateDim);
    action.set(e.action, row * actionDim);
    for (let i = 0; i < e.length; i++) {
      // On the grid, as LeRobot's own writer does: frame_index / fps.
      timestamp[row] = i / fps;
      frameIndex.push(i);
      episodeIndex.push(e.episodeIndex);
      index.push(e.firstIndex + i);
      taskIndex.push(Number(e.taskIndex[i]));
      row++;
    }
  }
  return new Table({
    'observation.state': fixedSizeFloats(state, stateDim),
    action: fixedSizeFloats(action, actionDim),
    timestamp: makeVector(timestamp),
    frame_index: int64s(frameIndex),
    episode_index: int64s(episodeIndex),
    index: int64s(index),
    task_index: int64s(taskIndex),
  });
}

/** `meta/tasks.parquet`: task_index and task, with the pandas metadata that makes `task` the index. */
export function tasksTable(tasks: string[]): { table: Table; metadata: Map<string, string> } {
  const table = new Table({
    task_index: int64s(tasks.map((_, i) => i)),
    task: vectorFromArray(tasks, new Utf8()),
  });
  // LeRobot reads this with pandas and takes a task's text from the row's index
  // (`tasks.iloc[i].name`): without index_columns the text would come back as a number.
  const pandas = {
    index_columns: ['task'],
    column_indexes: [
      {
        name: null,
        field_name: null,
        pandas_type: 'unicode',
        numpy_type: 'object',
        metadata: { encoding: 'UTF-8' },
      },
    ],
    columns: [
      {
        name: 'task_index',
        field_name: 'task_index',
        pandas_type: 'int64',
        numpy_type: 'int64',
        metadata: null,
      },
      {
        name: 'task',
        field_name: 'task',
        pandas_type: 'unicode',
        numpy_type: 'object',
        metadata: null,
      },
    ],
    creator: { library: 'genba', version: '1' },
    pandas_version: '2.2.3',
  };
  return { table, metadata: new Map([['pandas', JSON.stringify(pandas)]]) };
}

export interface EpisodeVideoRef {
  chunkIndex: number;
  fileIndex: number;
  fromTimestamp: number;
  toTimestamp: number;
}

export interface EpisodeRow {
  episodeIndex: number;
  tasks: string[];
  length: number;
  dataChunkIndex: number;
  dataFileIndex: number;
  datasetFromIndex: number;
  datasetToIndex: number;
  /** Camera feature key (e.g. `observation.images.front`) → where its frames are. */
  videos: Record<string, EpisodeVideoRef>;
  /**
   * `stats/<feature>/<stat>` columns: a vector per stat (count as integers); camera features use
   * LeRobot's per-channel shape [3][1][1].
   */
  stats: Record<string, Record<string, number[] | number[][][]>>;
}

const listOf = (type: Float64 | Int64 | Utf8 | List) => new List(new Field('item', type, true));
const channelStats = listOf(listOf(listOf(new Float64())));

/** `meta/episodes/chunk-NNN/file-NNN.parquet`, one row per episode, columns named as LeRobot names them. */
export function episodesTable(rows: EpisodeRow[], metaChunk = 0, metaFile = 0): Table {
  const columns: Record<string, Vector> = {
    episode_index: int64s(rows.map((r) => r.episodeIndex)),
    tasks: vectorFromArray(
      rows.map((r) => r.tasks),
      listOf(new Utf8()),
    ),
    length: int64s(rows.map((r) => r.length)),
    'data/chunk_index': int64s(rows.map((r) => r.dataChunkIndex)),
    'data/file_index': int64s(rows.map((r) => r.dataFileIndex)),
    dataset_from_index: int64s(rows.map((r) => r.datasetFromIndex)),
    dataset_to_index: int64s(rows.map((r) => r.datasetToIndex)),
  };
  const cameras = Object.keys(rows[0]?.videos ?? {});
  for (const key of cameras) {
    const refs = rows.map((r) => {
      const ref = r.videos[key];
      if (!ref) throw new Error(`episode ${r.episodeIndex} has no video for ${key}`);
      return ref;
    });
    columns[`videos/${key}/chunk_index`] = int64s(refs.map((v) => v.chunkIndex));
    columns[`videos/${key}/file_index`] = int64s(refs.map((v) => v.fileIndex));
    columns[`videos/${key}/from_timestamp`] = vectorFromArray(
      refs.map((v) => v.fromTimestamp),
      new Float64(),
    );
    columns[`videos/${key}/to_timestamp`] = vectorFromArray(
      refs.map((v) => v.toTimestamp),
      new Float64(),
    );
  }
  for (const [feature, stats] of Object.entries(rows[0]?.stats ?? {})) {
    for (const stat of Object.keys(stats)) {
      const values = rows.map((r) => r.stats[feature]?.[stat] ?? []);
      const nested = values.some((v) => Array.isArray(v[0]));
      columns[`stats/${feature}/${stat}`] =
        stat === 'count'
          ? vectorFromArray(
              (values as number[][]).map((v) => v.map((n) => BigInt(n))),
              listOf(new Int64()),
            )
          : vectorFromArray(values, nested ? channelStats : listOf(new Float64()));
    }
  }
  columns['meta/episodes/chunk_index'] = int64s(rows.map(() => metaChunk));
  columns['meta/episodes/file_index'] = int64s(rows.map(() => metaFile));
  return new Table(columns);
}

/** Writes `table` as a SNAPPY parquet file; `metadata` becomes the file's key-value metadata. */
export function writeParquetFile(path: string, table: Table, metadata?: Map<string, string>): void {
  let builder = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY);
  if (metadata) builder = builder.setKeyValueMetadata(metadata);
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
  writeFileSync(path, parquet.writeParquet(wasmTable, builder.build()));
}

/**
 * The LeRobot v3 parquet tables, read back by DuckDB (a C++ parquet reader, independent of the
 * arrow-rs writer) for values and physical types, and by parquet-wasm for the Arrow types that
 * pyarrow will see (ARROW:schema).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { describe, expect, it } from 'vitest';
import {
  dataTable,
  episodesTable,
  tasksTable,
  writeParquetFile,
  type EpisodeFrames,
} from '../../../native/dataset/lerobot-parquet';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('genba-parquet-');

function episode(episodeIndex: number, firstIndex: number, length: number): EpisodeFrames {
  const state = new Float32Array(length * 6).map((_, i) => Math.fround(Math.sin(i + episodeIndex)));
  const action = new Float32Array(length * 6).map((_, i) =>
    Math.fround(Math.cos(i - episodeIndex)),
  );
  return {
    episodeIndex,
    firstIndex,
    length,
    stateDim: 6,
    actionDim: 6,
    state,
    action,
    taskIndex: Array.from({ length }, () => episodeIndex % 2),
  };
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  connection.closeSync();
  return rows;
}

describe('LeRobot v3 parquet tables', () => {
  it('writes data rows with six-float vectors, int64 indices and on-grid timestamps', async () => {
    const dir = tempDir();
    const path = join(dir, 'file-000.parquet');
    const episodes = [episode(0, 0, 45), episode(1, 45, 30)];
    writeParquetFile(path, dataTable(episodes, 30));

    const types = await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
    expect(Object.fromEntries(types.map((r) => [r.column_name, r.column_type]))).toEqual({
      'observation.state': 'FLOAT[]',
      action: 'FLOAT[]',
      timestamp: 'FLOAT',
      frame_index: 'BIGINT',
      episode_index: 'BIGINT',
      index: 'BIGINT',
      task_index: 'BIGINT',
    });
    const rows = await query(`SELECT * FROM read_parquet('${path}') ORDER BY index`);
    expect(rows).toHaveLength(75);
    rows.forEach((row, i) => {
      const ep = i < 45 ? episodes[0]! : episodes[1]!;
      const frame = i < 45 ? i : i - 45;
      expect(row.index).toBe(BigInt(i));
      expect(row.frame_index).toBe(BigInt(frame));
      expect(row.episode_index).toBe(BigInt(ep.episodeIndex));
      expect(row.timestamp).toBeCloseTo(frame / 30, 6);
      expect(row['observation.state']).toEqual(
        Array.from(ep.state.subarray(frame * 6, frame * 6 + 6)),
      );
      expect(row.action).toEqual(Array.from(ep.action.subarray(frame * 6, frame * 6 + 6)));
    });

    // What pyarrow (and so LeRobot's datasets loader) gets back: the Arrow types in ARROW:schema.
    const arrow = tableFromIPC(parquet.readParquet(readFileSync(path)).intoIPCStream());
    expect(arrow.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([
      'observation.state: FixedSizeList[6]<Float32>',
      'action: FixedSizeList[6]<Float32>',
      'timestamp: Float32',
      'frame_index: Int64',
      'episode_index: Int64',
      'index: Int64',
      'task_index: Int64',
    ]);
  });

  it('writes tasks with the pandas metadata that makes the task text the index', async () => {
    const path = join(tempDir(), 'tasks.parquet');
    const { table, metadata } = tasksTable(['Pick up the cube', '立方体を持ち上げる']);
    writeParquetFile(path, table, metadata);

    const rows = await query(`SELECT task_index, task FROM read_parquet('${path}')`);
    expect(rows).toEqual([
      { task_index: 0n, task: 'Pick up the cube' },
      { task_index: 1n, task: '立方体を持ち上げる' },
    ]);
    const kv = await query(
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${path}')`,
    );
    const pandas = kv.find((r) => r.key === 'pandas');
    const pandasMeta = JSON.parse(String(pandas?.value)) as { index_columns: string[] };
    expect(pandasMeta.index_columns).toEqual(['task']);
    expect(kv.some((r) => r.key === 'ARROW:schema')).toBe(true);
  });

  it('writes episode rows with video ranges and per-channel camera stats', async () => {
    const path = join(tempDir(), 'episodes.parquet');
    const table = episodesTable([
      {
        episodeIndex: 0,
        tasks: ['Pick up the cube'],
        length: 45,
        dataChunkIndex: 0,
        dataFileIndex: 0,
        datasetFromIndex: 0,
        datasetToIndex: 45,
        videos: {
          'observation.images.front': {
            chunkIndex: 0,
            fileIndex: 0,
            fromTimestamp: 0,
            toTimestamp: 1.5,
          },
        },
        stats: {
          'observation.state': { mean: [0, 1, 2, 3, 4, 5], count: [45] },
          'observation.images.front': { mean: [[[0.5]], [[0.4]], [[0.3]]], count: [45] },
        },
      },
    ]);
    writeParquetFile(path, table);

    const types = await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
    const byName = Object.fromEntries(types.map((r) => [String(r.column_name), r.column_type]));
    expect(byName).toMatchObject({
      episode_index: 'BIGINT',
      tasks: 'VARCHAR[]',
      length: 'BIGINT',
      'data/chunk_index': 'BIGINT',
      dataset_from_index: 'BIGINT',
      'videos/observation.images.front/from_timestamp': 'DOUBLE',
      'videos/observation.images.front/to_timestamp': 'DOUBLE',
      'stats/observation.state/mean': 'DOUBLE[]',
      'stats/observation.state/count': 'BIGINT[]',
      'stats/observation.images.front/mean': 'DOUBLE[][][]',
      'meta/episodes/chunk_index': 'BIGINT',
      'meta/episodes/file_index': 'BIGINT',
    });
    const [row] = await query(`SELECT * FROM read_parquet('${path}')`);
    expect(row?.tasks).toEqual(['Pick up the cube']);
    expect(row?.['videos/observation.images.front/to_timestamp']).toBe(1.5);
    expect(row?.['stats/observation.images.front/mean']).toEqual([[[0.5]], [[0.4]], [[0.3]]]);
  });

  it('refuses vectors whose length does not match the episode', () => {
    const bad = { ...episode(0, 0, 10), state: new Float32Array(59) };
    expect(() => dataTable([bad], 30)).toThrow(/state\/action arrays do not match its length/);
  });
});

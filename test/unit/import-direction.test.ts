import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * The layers of src/, lowest first, as the README's "Project structure" section lists them. A
 * file may import from its own layer and the ones below it, never from a higher one. Paths
 * ending in "/" are folders; the longest match wins (slack/blocks/ is domain, slack/ is an edge).
 */
const LAYERS: ReadonlyArray<{ name: string; paths: readonly string[] }> = [
  { name: 'base', paths: ['clock.ts', 'errors.ts', 'logger.ts', 'validation.ts', 'settings-file.ts'] },
  {
    name: 'domain',
    paths: [
      'weeks/',
      'badges/',
      'leaderboard/',
      'crown/',
      'identity/',
      'ingest/',
      'fair-play/',
      'game/',
      'card/',
      'slack/blocks/',
      'web/',
    ],
  },
  { name: 'config', paths: ['config.ts'] },
  { name: 'adapters', paths: ['db/', 'slack/api/', 'connectors/'] },
  { name: 'core', paths: ['core/'] },
  { name: 'edges', paths: ['http/', 'jobs/', 'slack/'] },
  { name: 'entry', paths: ['server/', 'cli.ts'] },
];

function layerOf(file: string): number | undefined {
  let best: { layer: number; length: number } | undefined;
  LAYERS.forEach(({ paths }, layer) => {
    for (const path of paths) {
      const matches = path.endsWith('/') ? file.startsWith(path) : file === path;
      if (matches && (!best || path.length > best.length)) best = { layer, length: path.length };
    }
  });
  return best?.layer;
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

// Static imports and re-exports, single- or multi-line: `import … from './x.js'`, `export … from`, `import './x.js'`.
const IMPORT = /^\s*(?:import|export)\s(?:[^;]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Each file's imports of other files in src/, as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((match) =>
      normalize(join(dirname(file), match[1] ?? '')).replace(/\.js$/, '.ts'),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** A file at the top of src/ is its own node; any other file belongs to its folder. */
function folderOf(file: string): string {
  return file.includes('/') ? dirname(file) : file;
}

/** Some cycle in a directed graph, as the path that closes it, or undefined if there is none. */
function findCycle(graph: ReadonlyMap<string, Iterable<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  function visit(node: string): string[] | undefined {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  }
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

function folderGraph(files: ReadonlyMap<string, string[]>): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>();
  for (const [file, targets] of files) {
    const from = folderOf(file);
    const edges = folders.get(from) ?? new Set<string>();
    for (const target of targets) if (folderOf(target) !== from) edges.add(folderOf(target));
    folders.set(from, edges);
  }
  return folders;
}

describe('import direction', () => {
  const graph = importGraph();

  it('reads the whole import graph of src/', () => {
    const edges = [...graph.values()].flat();
    expect(graph.size).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(150);
    for (const target of edges) expect(graph.has(target), `${target} is imported but not in src/`).toBe(true);
  });

  it('places every file of src/ in a layer', () => {
    const unplaced = [...graph.keys()].filter((file) => layerOf(file) === undefined);
    expect(unplaced, 'add new folders to LAYERS and to the README structure section').toEqual([]);
  });

  it('imports only from the same or a lower layer', () => {
    const against = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => (layerOf(target) ?? 0) > (layerOf(file) ?? 0))
        .map(
          (target) =>
            `${file} (${LAYERS[layerOf(file) ?? 0]?.name}) imports ${target} (${LAYERS[layerOf(target) ?? 0]?.name})`,
        ),
    );
    expect(against).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('has no cycle between folders', () => {
    expect(findCycle(folderGraph(graph))).toBeUndefined();
  });

  it('finds a cycle and a misplaced import when there is one', () => {
    const files = new Map([
      ['db/a.ts', ['ingest/b.ts']],
      ['ingest/b.ts', ['ingest/c.ts']],
      ['ingest/c.ts', ['db/a.ts']],
    ]);
    expect(findCycle(files)).toEqual(['db/a.ts', 'ingest/b.ts', 'ingest/c.ts', 'db/a.ts']);
    expect(findCycle(folderGraph(files))).toEqual(['db', 'ingest', 'db']);
    expect(layerOf('slack/blocks/badge-dm.ts')).toBeLessThan(layerOf('db/usage-store.ts') ?? 0);
    expect(layerOf('slack/listeners/x.ts')).toBeGreaterThan(layerOf('core/create-core.ts') ?? 0);
  });
});

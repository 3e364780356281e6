/** Every mrkdwn and plain text inside Block Kit (a block, a list of blocks, a view), in order. */
export function blockTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(blockTexts);
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') {
    return [record.text];
  }
  return Object.values(record).flatMap(blockTexts);
}

/**
 * A Block Kit message as readable lines, for local mode's log: each block's texts on one line.
 * @example blocksAsText([{ type: 'section', text: { type: 'mrkdwn', text: '*Hi*' } }]) //=> "*Hi*"
 */
export function blocksAsText(blocks: unknown[]): string {
  return blocks
    .map((block) => blockTexts(block).join('  '))
    .filter((line) => line !== '')
    .join('\n');
}

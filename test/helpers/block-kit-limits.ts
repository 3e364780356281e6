/**
 * Block Kit's documented limits (docs.slack.dev/reference/block-kit and @slack/types), checked
 * over a whole message or view. Returns one line per breach, empty when Slack would accept it.
 */
export const LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  /** a text object, and a section's text */
  text: 3000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  altText: 2000,
  imageUrl: 3000,
  /** chat.postMessage's top-level `text`: Slack advises at most 4,000 characters */
  fallbackText: 4000,
} as const;

// With the u flag a surrogate pair is one code point, so only half of a pair matches.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

type Node = Record<string, unknown>;

function allStrings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(allStrings);
  return [];
}

function textOf(node: unknown): string | undefined {
  const text = (node as Node | undefined)?.text;
  return typeof text === 'string' ? text : undefined;
}

export function blockKitViolations(surface: 'message' | 'home', payload: { text?: string; blocks: unknown[] }) {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const checkText = (where: string, object: unknown, max: number = LIMITS.text) => {
    const text = textOf(object);
    check(text !== undefined && text.length >= 1, `${where}: text missing or empty`);
    check((text?.length ?? 0) <= max, `${where}: text is ${text?.length} long, over ${max}`);
  };
  const checkImage = (where: string, image: Node) => {
    check(typeof image.alt_text === 'string' && image.alt_text.length >= 1, `${where}: alt_text missing`);
    check(String(image.alt_text).length <= LIMITS.altText, `${where}: alt_text over ${LIMITS.altText}`);
    check(String(image.image_url).length <= LIMITS.imageUrl, `${where}: image_url over ${LIMITS.imageUrl}`);
  };
  const elementsOf = (where: string, block: Node, max: number) => {
    const elements = block.elements as Node[];
    check(elements.length >= 1 && elements.length <= max, `${where}: ${elements.length} elements, not 1 to ${max}`);
    return elements;
  };

  const maxBlocks = surface === 'home' ? LIMITS.homeBlocks : LIMITS.messageBlocks;
  check(payload.blocks.length <= maxBlocks, `${payload.blocks.length} blocks, over ${maxBlocks}`);
  if (surface === 'message') {
    check((payload.text?.length ?? 0) >= 1, 'fallback text missing');
    check((payload.text?.length ?? 0) <= LIMITS.fallbackText, `fallback text over ${LIMITS.fallbackText}`);
  }
  payload.blocks.forEach((raw, index) => {
    const block = raw as Node;
    const where = `block ${index} (${String(block.type)})`;
    switch (block.type) {
      case 'header':
        checkText(where, block.text, LIMITS.header);
        break;
      case 'section':
        checkText(where, block.text);
        if (block.accessory) checkImage(`${where} accessory`, block.accessory as Node);
        break;
      case 'context': {
        const elements = elementsOf(where, block, LIMITS.contextElements);
        elements.forEach((element, i) => {
          if (element.type === 'image') checkImage(`${where} element ${i}`, element);
          else checkText(`${where} element ${i}`, element);
        });
        break;
      }
      case 'actions': {
        const elements = elementsOf(where, block, LIMITS.actionsElements);
        for (const button of elements) {
          checkText(`${where} button`, button.text, LIMITS.buttonText);
          check(
            String(button.value ?? '').length <= LIMITS.buttonValue,
            `${where}: button value over ${LIMITS.buttonValue}`,
          );
          check(String(button.action_id).length <= LIMITS.actionId, `${where}: action_id over ${LIMITS.actionId}`);
        }
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${where}: a block type this check does not know`);
    }
  });
  check(
    !allStrings(payload).some((text) => LONE_SURROGATE.test(text)),
    'half of an emoji (a lone surrogate) somewhere',
  );
  return problems;
}

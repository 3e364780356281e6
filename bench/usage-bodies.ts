/** Usage event bodies for load: every id unique, people spread over `people` Slack IDs. */
export function userId(index: number): string {
  return `U${String(index).padStart(8, '0')}`;
}

export function eventJson(id: string, person: number, timestamp: string | undefined): string {
  const at = timestamp ? `,"timestamp":"${timestamp}"` : '';
  return `{"id":"${id}","user":"${userId(person)}","model":"bench-model","input_tokens":${1000 + (person % 997)},"output_tokens":${200 + (person % 101)}${at}}`;
}

/** A batch body of `size` events with ids `${prefix}-${n}`…, the people chosen round-robin. */
export function batchBody(prefix: string, first: number, size: number, people: number, timestamp: string): string {
  const events: string[] = [];
  for (let n = first; n < first + size; n += 1) events.push(eventJson(`${prefix}-${n}`, n % people, timestamp));
  return `{"events":[${events.join(',')}]}`;
}

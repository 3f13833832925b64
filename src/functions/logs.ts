// The function's log stream, kept in memory: the last N KB per function.
export class LogBuffer {
  readonly #limit: number;
  #chunks: string[] = [];
  #size = 0;

  constructor(limitBytes: number) {
    this.#limit = limitBytes;
  }

  append(text: string): void {
    this.#chunks.push(text);
    this.#size += text.length;
    while (this.#size > this.#limit && this.#chunks.length > 1) {
      this.#size -= this.#chunks.shift()!.length;
    }
    if (this.#size > this.#limit) {
      this.#chunks[0] = this.#chunks[0].slice(this.#size - this.#limit);
      this.#size = this.#limit;
    }
  }

  text(): string {
    return this.#chunks.join('');
  }
}

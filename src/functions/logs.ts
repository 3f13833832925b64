// The function's log stream, kept in memory: the last N KB per function. Chunks before `#head`
// are dropped ones, compacted away now and then, so trimming is not an Array.shift() (a copy of
// the whole array) on every append.
export class LogBuffer {
  readonly #limit: number;
  #chunks: string[] = [];
  #head = 0;
  #size = 0;

  constructor(limitBytes: number) {
    this.#limit = limitBytes;
  }

  append(text: string): void {
    this.#chunks.push(text);
    this.#size += text.length;
    // Whole chunks go while what stays is still at least the limit; then the oldest is cut.
    while (this.#size - this.#chunks[this.#head].length >= this.#limit) {
      this.#size -= this.#chunks[this.#head++].length;
    }
    if (this.#size > this.#limit) {
      this.#chunks[this.#head] = this.#chunks[this.#head].slice(this.#size - this.#limit);
      this.#size = this.#limit;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#head);
      this.#head = 0;
    }
  }

  text(): string {
    return (this.#head === 0 ? this.#chunks : this.#chunks.slice(this.#head)).join('');
  }
}

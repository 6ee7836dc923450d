// A fake native port: records what the extension posts; the test answers.
export class FakePort {
  constructor() {
    this.sent = [];
    this.messageListeners = [];
    this.disconnectListeners = [];
    this.disconnected = false;
    this.onMessage = {addListener: (f) => this.messageListeners.push(f)};
    this.onDisconnect = {addListener: (f) => this.disconnectListeners.push(f)};
  }
  postMessage(m) {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.sent.push(structuredClone(m));
  }
  disconnect() {
    this.disconnected = true;
  }
  answer(m) {
    for (const f of this.messageListeners) f(m);
  }
  die(error) {
    this.error = error ? {message: error} : null;
    this.disconnected = true;
    for (const f of this.disconnectListeners) f(this);
  }
  last(type) {
    return [...this.sent].reverse().find((m) => m.type === type);
  }
}

// Durable Object counter: each request does storage.get then storage.put on one object and returns the new
// value. GET / uses the object named "bench"; GET /spread one of 10,000 objects picked at random.
export class Counter {
  constructor(state) {
    this.storage = state.storage;
  }
  async fetch(request) {
    const value = ((await this.storage.get("n")) ?? 0) + 1;
    await this.storage.put("n", value);
    return new Response(String(value));
  }
}

export default {
  async fetch(request, env) {
    const spread = new URL(request.url).pathname === "/spread";
    const name = spread ? "o" + Math.floor(Math.random() * 10000) : "bench";
    return env.COUNTER.get(env.COUNTER.idFromName(name)).fetch(request);
  },
};

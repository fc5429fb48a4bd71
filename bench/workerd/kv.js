// env.KV.get of a 100-byte value, as bench/workers/kv-get does on Kiln.
export default {
  async fetch(request, env) {
    const value = await env.KV.get("k100");
    return value === null ? new Response("missing", { status: 500 }) : new Response(value);
  },
};

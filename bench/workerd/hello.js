// The same work as Kiln's examples/hello: answer a fixed text.
export default {
  async fetch() {
    return new Response("Hello from Kiln!");
  },
};

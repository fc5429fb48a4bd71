using Workerd = import "/workerd/workerd.capnp";

# workerd's hello world for the side-by-side benchmark; the address comes from --socket-addr.
const config :Workerd.Config = (
  services = [ (name = "main", worker = .hello) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const hello :Workerd.Worker = (
  modules = [ (name = "hello.js", esModule = embed "hello.js") ],
  compatibilityDate = "2025-09-01",
);

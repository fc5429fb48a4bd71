using Workerd = import "/workerd/workerd.capnp";

# KV read through workerd's only local KV backend, a disk service (one file per key).
# The directory comes from --directory-path kv-data=DIR.
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .kv),
    (name = "kv-data", disk = (path = "/nonexistent", writable = false)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const kv :Workerd.Worker = (
  modules = [ (name = "kv.js", esModule = embed "kv.js") ],
  compatibilityDate = "2025-09-01",
  bindings = [ (name = "KV", kvNamespace = "kv-data") ],
);

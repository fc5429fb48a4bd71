using Workerd = import "/workerd/workerd.capnp";

# Durable Object counter with SQLite storage on local disk: one file per object under the "do-storage" disk
# service, whose directory is given with --directory-path do-storage=DIR. workerd fsyncs each write.
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .doWorker),
    (name = "do-storage", disk = (path = "/nonexistent", writable = true)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const doWorker :Workerd.Worker = (
  modules = [ (name = "do.js", esModule = embed "do.js") ],
  compatibilityDate = "2025-09-01",
  durableObjectNamespaces = [
    (className = "Counter", uniqueKey = "kiln-bench-counter", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "do-storage"),
  bindings = [ (name = "COUNTER", durableObjectNamespace = "Counter") ],
);

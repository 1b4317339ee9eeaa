# workerd config for the edge example: `node examples/edge/build.mjs`, then
# `npx workerd serve examples/edge/config.capnp` serves it on 127.0.0.1:8787
# (`--socket-addr http=127.0.0.1:PORT` picks another port).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .trainer)],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);

const trainer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "descent.wasm", wasm = embed "dist/descent.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);

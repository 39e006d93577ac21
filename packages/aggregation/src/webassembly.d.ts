// The few WebAssembly JS-API types this package uses. TypeScript ships them only
// in lib.dom / lib.webworker, which a Node package should not pull in; Node 20
// has the API itself. Drop this file if the base tsconfig ever adds one of those
// libs. It is a module, imported type-only by the files that use the API, so
// that workspaces importing this package see the declarations too.
export {};

declare global {
  namespace WebAssembly {
    class Module {
      constructor(bytes: BufferSource);
    }
    class Instance {
      constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
      readonly exports: Record<string, unknown>;
    }
    class Memory {
      constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
      readonly buffer: ArrayBuffer | SharedArrayBuffer;
      grow(delta: number): number;
    }
  }

  type BufferSource = ArrayBufferView | ArrayBuffer;
}

;; leadcal's gradient-boosting kernels in WebAssembly text. `npm run build:wasm`
;; (scripts/build-wasm.mjs, wabt) assembles it into src/gbm/kernels-wasm.ts, and a test checks
;; that the two agree. Every pointer is a byte offset into the fit's shared memory (./arena.ts);
;; each kernel gives the same bits as its JavaScript twin, which stays as the reference and the
;; fallback (./grow-tree.ts).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; partition(rows, gh, col, bin, missingLeft, n, lefts, ghLefts, rights, ghRights) -> lefts
  ;; Stable partition of n rows (u32 at rows + 4i, their gradient and hessian the f64 pair at
  ;; gh + 16i) by "bin ≤ bin, or missing (255) and missingLeft", the bin of row r the byte at
  ;; col + r: left rows to lefts + 4l (pairs to ghLefts + 16l), right rows to rights + 4r
  ;; (ghRights + 16r). Without branches: each row is written to both sides and only its side
  ;; moves on. In place when lefts = rows and ghLefts = gh (l ≤ i). Returns the left rows.
  (func (export "partition") (param $rows i32) (param $gh i32) (param $col i32) (param $bin i32) (param $missingLeft i32) (param $n i32)
      (param $lefts i32) (param $ghLefts i32) (param $rights i32) (param $ghRights i32) (result i32)
    (local $end i32) (local $row i32) (local $v i32) (local $left i32) (local $g v128) (local $l i32) (local $r i32)
    (local.set $end (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $rows) (local.get $end)))
      (local.set $row (i32.load (local.get $rows)))
      (local.set $v (i32.load8_u (i32.add (local.get $col) (local.get $row))))
      (local.set $left (i32.or (i32.le_u (local.get $v) (local.get $bin))
        (i32.and (i32.eq (local.get $v) (i32.const 255)) (local.get $missingLeft))))
      (local.set $g (v128.load (local.get $gh)))
      (i32.store (i32.add (local.get $lefts) (i32.shl (local.get $l) (i32.const 2))) (local.get $row))
      (v128.store (i32.add (local.get $ghLefts) (i32.shl (local.get $l) (i32.const 4))) (local.get $g))
      (i32.store (i32.add (local.get $rights) (i32.shl (local.get $r) (i32.const 2))) (local.get $row))
      (v128.store (i32.add (local.get $ghRights) (i32.shl (local.get $r) (i32.const 4))) (local.get $g))
      (local.set $l (i32.add (local.get $l) (local.get $left)))
      (local.set $r (i32.sub (i32.add (local.get $r) (i32.const 1)) (local.get $left)))
      (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
      (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
      (br $next)))
    (local.get $l))
)

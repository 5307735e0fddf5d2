;; The key count of key-count.ts over a copy of the text, 16 bytes at a time
;; (WebAssembly SIMD). Source of key-count-wasm.ts: `pnpm --filter
;; @biore/bioc-io build:wasm` compiles it with wabt (a test checks that the
;; two agree).
;;
;; count8(len) reads a chunk of `len` characters written one byte each
;; (Latin-1) at 17, with the character before the chunk (0 for none) at 16;
;; count16(len) reads one written two bytes each (UTF-16LE) at 18, with the
;; character before it at 16. 64 zero bytes follow the chunk. Each returns the
;; number of colons directly preceded by a quote, and writes to OUT = 131072
;; the chunk offsets (in characters) of the colons directly preceded by a
;; character <= 0x20 (whitespace, in text JSON.parse has accepted), whose
;; keys the caller settles by walking back over the whitespace in the text
;; itself; `slow` says how many it wrote.
;;
;; Per 64 bytes: the quote-then-colon matches of four vectors are added up
;; lane by lane in $acc and summed before a lane could overflow (8-bit lanes:
;; at most 4 a round, so every 63 rounds; 16-bit lanes: at most 4096 in a
;; 32768-character chunk, so once at the end). A round holding a colon
;; preceded by anything but a quote (colon xor quote-then-colon) is noted (its
;; address, from ROUNDS = 65792 on), and after the loop the noted rounds are
;; looked through for the offsets of those preceded by whitespace: in BioC
;; files, the few rounds with a colon in running text. (Testing for
;; whitespace in every vector instead took about 20% longer; looking through
;; the round inside the loop, a call there, made TurboFan keep the loop's
;; vectors on the stack: the loop took about 25% longer on BC6PM Triage.)
(module
  (memory (export "memory") 6)
  (global $slow (export "slow") (mut i32) (i32.const 0))
  ;; The colon and the quote, splatted into the loops' vectors from these
  ;; globals rather than from constants: TurboFan rebuilt a constant vector at
  ;; every use inside the loop (two moves and a shuffle each), and it hoists
  ;; neither, so the loops also set them again in a rarely taken branch,
  ;; which keeps them in registers as loop variables.
  (global $colonByte (mut i32) (i32.const 58))
  (global $quoteByte (mut i32) (i32.const 34))

  (func $sum (param $acc v128) (result i32)
    (local $w v128)
    (local.set $w
      (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $w)) (i32x4.extract_lane 1 (local.get $w)))
      (i32.add (i32x4.extract_lane 2 (local.get $w)) (i32x4.extract_lane 3 (local.get $w)))))

  ;; Writes the offsets of the whitespace-then-colon bytes of the vector at $p
  ;; from $out on; returns the new $out.
  (func $slowOffsets8 (param $p i32) (param $out i32) (result i32)
    (local $bits i32)
    (local.set $bits
      (i8x16.bitmask
        (v128.and
          (i8x16.eq (v128.load (local.get $p)) (v128.const i8x16 58 58 58 58 58 58 58 58 58 58 58 58 58 58 58 58))
          (i8x16.le_u
            (v128.load (i32.sub (local.get $p) (i32.const 1)))
            (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32)))))
    (block $none
      (br_if $none (i32.eqz (local.get $bits)))
      (loop $each
        (i32.store (local.get $out)
          (i32.sub (i32.add (local.get $p) (i32.ctz (local.get $bits))) (i32.const 17)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
        (br_if $each (local.get $bits))))
    (local.get $out))

  (func (export "count8") (param $len i32) (result i32)
    (local $p i32) (local $end i32) (local $n i32) (local $out i32) (local $round i32) (local $r i32)
    (local $C v128) (local $Q v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $acc v128) (local $w v128)
    (local.set $C (i8x16.splat (global.get $colonByte)))
    (local.set $Q (i8x16.splat (global.get $quoteByte)))
    (local.set $p (i32.const 17))
    (local.set $end (i32.add (i32.const 17) (local.get $len)))
    (local.set $out (i32.const 65792))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; bytes p .. p+15 (colons) against p-1 .. p+14 (what precedes them), four times
        (local.set $c0 (i8x16.eq (v128.load offset=0 (local.get $p)) (local.get $C)))
        (local.set $c1 (i8x16.eq (v128.load offset=16 (local.get $p)) (local.get $C)))
        (local.set $c2 (i8x16.eq (v128.load offset=32 (local.get $p)) (local.get $C)))
        (local.set $c3 (i8x16.eq (v128.load offset=48 (local.get $p)) (local.get $C)))
        (local.set $k0 (v128.and (local.get $c0) (i8x16.eq (v128.load offset=0 (i32.sub (local.get $p) (i32.const 1))) (local.get $Q))))
        (local.set $k1 (v128.and (local.get $c1) (i8x16.eq (v128.load offset=15 (local.get $p)) (local.get $Q))))
        (local.set $k2 (v128.and (local.get $c2) (i8x16.eq (v128.load offset=31 (local.get $p)) (local.get $Q))))
        (local.set $k3 (v128.and (local.get $c3) (i8x16.eq (v128.load offset=47 (local.get $p)) (local.get $Q))))
        (local.set $acc (i8x16.sub (local.get $acc) (local.get $k0)))
        (local.set $acc (i8x16.sub (local.get $acc) (local.get $k1)))
        (local.set $acc (i8x16.sub (local.get $acc) (local.get $k2)))
        (local.set $acc (i8x16.sub (local.get $acc) (local.get $k3)))
        ;; a colon after anything but a quote: note the round, settled after the loop
        (if (v128.any_true
              (v128.or
                (v128.or (v128.xor (local.get $c0) (local.get $k0)) (v128.xor (local.get $c1) (local.get $k1)))
                (v128.or (v128.xor (local.get $c2) (local.get $k2)) (v128.xor (local.get $c3) (local.get $k3)))))
          (then
            (i32.store (local.get $out) (local.get $p))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))))
        (local.set $round (i32.add (local.get $round) (i32.const 1)))
        (if (i32.eq (local.get $round) (i32.const 63))
          (then
            (local.set $w
              (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc))))
            (local.set $n (i32.add (local.get $n)
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $w)) (i32x4.extract_lane 1 (local.get $w)))
                (i32.add (i32x4.extract_lane 2 (local.get $w)) (i32x4.extract_lane 3 (local.get $w))))))
            (local.set $acc (v128.const i64x2 0 0))
            ;; (set again here, where it costs nothing: see $colonByte)
            (local.set $C (i8x16.splat (global.get $colonByte)))
            (local.set $Q (i8x16.splat (global.get $quoteByte)))
            (local.set $round (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $next)))
    (local.set $n (i32.add (local.get $n) (call $sum (local.get $acc))))
    ;; the noted rounds: offsets of their colons after whitespace
    (local.set $end (local.get $out))
    (local.set $r (i32.const 65792))
    (local.set $out (i32.const 131072))
    (block $settled
      (loop $each
        (br_if $settled (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $p (i32.load (local.get $r)))
        (local.set $out (call $slowOffsets8 (local.get $p) (local.get $out)))
        (local.set $out (call $slowOffsets8 (i32.add (local.get $p) (i32.const 16)) (local.get $out)))
        (local.set $out (call $slowOffsets8 (i32.add (local.get $p) (i32.const 32)) (local.get $out)))
        (local.set $out (call $slowOffsets8 (i32.add (local.get $p) (i32.const 48)) (local.get $out)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $each)))
    (global.set $slow (i32.shr_u (i32.sub (local.get $out) (i32.const 131072)) (i32.const 2)))
    (local.get $n))
  (func $sum16 (param $acc v128) (result i32)
    (local $w v128)
    (local.set $w (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $w)) (i32x4.extract_lane 1 (local.get $w)))
      (i32.add (i32x4.extract_lane 2 (local.get $w)) (i32x4.extract_lane 3 (local.get $w)))))

  (func $slowOffsets16 (param $p i32) (param $out i32) (result i32)
    (local $bits i32)
    (local.set $bits
      (i8x16.bitmask
        (v128.and
          (i16x8.eq (v128.load (local.get $p)) (v128.const i16x8 58 58 58 58 58 58 58 58))
          (i16x8.le_u
            (v128.load (i32.sub (local.get $p) (i32.const 2)))
            (v128.const i16x8 32 32 32 32 32 32 32 32)))))
    ;; two bits a character: keep the low one
    (local.set $bits (i32.and (local.get $bits) (i32.const 0x5555)))
    (block $none
      (br_if $none (i32.eqz (local.get $bits)))
      (loop $each
        (i32.store (local.get $out)
          (i32.shr_u
            (i32.sub (i32.add (local.get $p) (i32.ctz (local.get $bits))) (i32.const 18))
            (i32.const 1)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
        (br_if $each (local.get $bits))))
    (local.get $out))

  (func (export "count16") (param $len i32) (result i32)
    (local $p i32) (local $end i32) (local $out i32) (local $r i32)
    (local $C v128) (local $Q v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $acc v128)
    (local.set $C (i16x8.splat (global.get $colonByte)))
    (local.set $Q (i16x8.splat (global.get $quoteByte)))
    (local.set $p (i32.const 18))
    (local.set $end (i32.add (i32.const 18) (i32.shl (local.get $len) (i32.const 1))))
    (local.set $out (i32.const 65792))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; characters at p .. p+14 (colons) against p-2 .. p+12 (what precedes them), four times
        (local.set $c0 (i16x8.eq (v128.load offset=0 (local.get $p)) (local.get $C)))
        (local.set $c1 (i16x8.eq (v128.load offset=16 (local.get $p)) (local.get $C)))
        (local.set $c2 (i16x8.eq (v128.load offset=32 (local.get $p)) (local.get $C)))
        (local.set $c3 (i16x8.eq (v128.load offset=48 (local.get $p)) (local.get $C)))
        (local.set $k0 (v128.and (local.get $c0) (i16x8.eq (v128.load offset=0 (i32.sub (local.get $p) (i32.const 2))) (local.get $Q))))
        (local.set $k1 (v128.and (local.get $c1) (i16x8.eq (v128.load offset=14 (local.get $p)) (local.get $Q))))
        (local.set $k2 (v128.and (local.get $c2) (i16x8.eq (v128.load offset=30 (local.get $p)) (local.get $Q))))
        (local.set $k3 (v128.and (local.get $c3) (i16x8.eq (v128.load offset=46 (local.get $p)) (local.get $Q))))
        (local.set $acc (i16x8.sub (local.get $acc) (local.get $k0)))
        (local.set $acc (i16x8.sub (local.get $acc) (local.get $k1)))
        (local.set $acc (i16x8.sub (local.get $acc) (local.get $k2)))
        (local.set $acc (i16x8.sub (local.get $acc) (local.get $k3)))
        (if (v128.any_true
              (v128.or
                (v128.or (v128.xor (local.get $c0) (local.get $k0)) (v128.xor (local.get $c1) (local.get $k1)))
                (v128.or (v128.xor (local.get $c2) (local.get $k2)) (v128.xor (local.get $c3) (local.get $k3)))))
          (then
            (i32.store (local.get $out) (local.get $p))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            ;; (see $colonByte)
            (local.set $C (i16x8.splat (global.get $colonByte)))
            (local.set $Q (i16x8.splat (global.get $quoteByte)))))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $next)))
    (local.set $end (local.get $out))
    (local.set $r (i32.const 65792))
    (local.set $out (i32.const 131072))
    (block $settled
      (loop $each
        (br_if $settled (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $p (i32.load (local.get $r)))
        (local.set $out (call $slowOffsets16 (local.get $p) (local.get $out)))
        (local.set $out (call $slowOffsets16 (i32.add (local.get $p) (i32.const 16)) (local.get $out)))
        (local.set $out (call $slowOffsets16 (i32.add (local.get $p) (i32.const 32)) (local.get $out)))
        (local.set $out (call $slowOffsets16 (i32.add (local.get $p) (i32.const 48)) (local.get $out)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $each)))
    (global.set $slow (i32.shr_u (i32.sub (local.get $out) (i32.const 131072)) (i32.const 2)))
    (call $sum16 (local.get $acc)))
)

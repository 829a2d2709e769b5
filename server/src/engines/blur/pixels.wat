;; The per-pixel loops of a blur job (engines/blur/sampler.ts loads the module assembled from this
;; file, pixels.wasm beside it: `wat2wasm pixels.wat -o pixels.wasm`, WABT; blur-sampler.test.ts
;; assembles it again and compares the bytes when wat2wasm is installed).
;;
;;   rgb, grey  the detector input's rows (detector.ts, prepareDecoded): each input pixel the
;;              bilinear sample of two source rows, encoded (× mul + add) into three planes of f32
;;   vline      compose's vertical interpolation of two effect rows into a line of f32 (render.ts)
;;   blend      compose's blend of that line into RGB pixels under the mask (render.ts)
;;   blendn     the same into pixels of other colour channels (grey)
;;
;; The same arithmetic as the JavaScript they replace, in the same order, in f64: a value is
;; rounded to f32 (f32.demote_f64) where the JavaScript stored it into a Float32Array, and truncated
;; to a byte (i32.trunc_sat_f64_u, values within 0–255.5) where it stored into a Uint8Array or a
;; Buffer. Every result is bit-identical to the JavaScript's (blur-sampler.test.ts).
;;
;; sampler.ts copies the rows a call needs into the memory (from offset 0) and the results out:
;; the functions only see addresses in it.
(module
  (memory (export "memory") 1)

  ;; The detector input's rows. Per input pixel x in [0, width): the column taps a = colsA[x] and
  ;; b = colsB[x] (byte offsets in a source row, weight w = colsW[x] of b), the bilinear value of a
  ;; channel of source rows src0 and src1 (weight wy of src1): top + (bottom − top) × wy, each row's
  ;; value p[a] + (p[b] − p[a]) × w; encoded (× mul + add) and stored as f32 at
  ;; out + plane × c + 4x (plane: the bytes between two output planes).

  ;; RGB: channel c of the sample to plane c.
  (func (export "rgb")
    (param $src0 i32) (param $src1 i32) (param $colsA i32) (param $colsB i32) (param $colsW i32)
    (param $out i32) (param $width i32) (param $plane i32) (param $wy f64) (param $mul f64) (param $add f64)
    (local $x i32) (local $a i32) (local $b i32) (local $a0 i32) (local $b0 i32) (local $a1 i32) (local $b1 i32) (local $o i32)
    (local $w f64) (local $t f64) (local $top f64)
    (local.set $x (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $x) (local.get $width)))
        (local.set $a (i32.load (i32.add (local.get $colsA) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $b (i32.load (i32.add (local.get $colsB) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $a0 (i32.add (local.get $src0) (local.get $a)))
        (local.set $b0 (i32.add (local.get $src0) (local.get $b)))
        (local.set $a1 (i32.add (local.get $src1) (local.get $a)))
        (local.set $b1 (i32.add (local.get $src1) (local.get $b)))
        (local.set $w (f64.promote_f32 (f32.load (i32.add (local.get $colsW) (i32.shl (local.get $x) (i32.const 2))))))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 2))))
        (f32.store (local.get $o)
          (f32.demote_f64 (f64.add (f64.mul
            (f64.add
              (local.tee $top
                (f64.add
                  (local.tee $t (f64.convert_i32_u (i32.load8_u (local.get $a0))))
                  (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u (local.get $b0))) (local.get $t)) (local.get $w))))
              (f64.mul
                (f64.sub
                  (f64.add
                    (local.tee $t (f64.convert_i32_u (i32.load8_u (local.get $a1))))
                    (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u (local.get $b1))) (local.get $t)) (local.get $w)))
                  (local.get $top))
                (local.get $wy)))
            (local.get $mul)) (local.get $add))))
        (f32.store (i32.add (local.get $o) (local.get $plane))
          (f32.demote_f64 (f64.add (f64.mul
            (f64.add
              (local.tee $top
                (f64.add
                  (local.tee $t (f64.convert_i32_u (i32.load8_u offset=1 (local.get $a0))))
                  (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u offset=1 (local.get $b0))) (local.get $t)) (local.get $w))))
              (f64.mul
                (f64.sub
                  (f64.add
                    (local.tee $t (f64.convert_i32_u (i32.load8_u offset=1 (local.get $a1))))
                    (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u offset=1 (local.get $b1))) (local.get $t)) (local.get $w)))
                  (local.get $top))
                (local.get $wy)))
            (local.get $mul)) (local.get $add))))
        (f32.store (i32.add (i32.add (local.get $o) (local.get $plane)) (local.get $plane))
          (f32.demote_f64 (f64.add (f64.mul
            (f64.add
              (local.tee $top
                (f64.add
                  (local.tee $t (f64.convert_i32_u (i32.load8_u offset=2 (local.get $a0))))
                  (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u offset=2 (local.get $b0))) (local.get $t)) (local.get $w))))
              (f64.mul
                (f64.sub
                  (f64.add
                    (local.tee $t (f64.convert_i32_u (i32.load8_u offset=2 (local.get $a1))))
                    (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u offset=2 (local.get $b1))) (local.get $t)) (local.get $w)))
                  (local.get $top))
                (local.get $wy)))
            (local.get $mul)) (local.get $add))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next))))

  ;; Grey: one value, rounded to f32 before the encoding (as the JavaScript's Float32Array sample
  ;; kept it), to the three planes.
  (func (export "grey")
    (param $src0 i32) (param $src1 i32) (param $colsA i32) (param $colsB i32) (param $colsW i32)
    (param $out i32) (param $width i32) (param $plane i32) (param $wy f64) (param $mul f64) (param $add f64)
    (local $x i32) (local $a i32) (local $b i32) (local $a0 i32) (local $b0 i32) (local $a1 i32) (local $b1 i32) (local $o i32)
    (local $w f64) (local $t f64) (local $top f64)
    (local $v f32)
    (local.set $x (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $x) (local.get $width)))
        (local.set $a (i32.load (i32.add (local.get $colsA) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $b (i32.load (i32.add (local.get $colsB) (i32.shl (local.get $x) (i32.const 2)))))
        (local.set $a0 (i32.add (local.get $src0) (local.get $a)))
        (local.set $b0 (i32.add (local.get $src0) (local.get $b)))
        (local.set $a1 (i32.add (local.get $src1) (local.get $a)))
        (local.set $b1 (i32.add (local.get $src1) (local.get $b)))
        (local.set $w (f64.promote_f32 (f32.load (i32.add (local.get $colsW) (i32.shl (local.get $x) (i32.const 2))))))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 2))))
        (local.set $v
          (f32.demote_f64 (f64.add (f64.mul
            (f64.promote_f32 (f32.demote_f64
            (f64.add
              (local.tee $top
                (f64.add
                  (local.tee $t (f64.convert_i32_u (i32.load8_u (local.get $a0))))
                  (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u (local.get $b0))) (local.get $t)) (local.get $w))))
              (f64.mul
                (f64.sub
                  (f64.add
                    (local.tee $t (f64.convert_i32_u (i32.load8_u (local.get $a1))))
                    (f64.mul (f64.sub (f64.convert_i32_u (i32.load8_u (local.get $b1))) (local.get $t)) (local.get $w)))
                  (local.get $top))
                (local.get $wy)))))
            (local.get $mul)) (local.get $add))))
        (f32.store (local.get $o) (local.get $v))
        (f32.store (i32.add (local.get $o) (local.get $plane)) (local.get $v))
        (f32.store (i32.add (i32.add (local.get $o) (local.get $plane)) (local.get $plane)) (local.get $v))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next))))

  ;; line[i] = f32(e0[i] + (e1[i] − e0[i]) × wy) for i in [first, last): the line at `line`, f32s.
  (func (export "vline") (param $e0 i32) (param $e1 i32) (param $wy f64) (param $first i32) (param $last i32) (param $line i32)
    (local $i i32) (local $t f64)
    (local.set $i (local.get $first))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $last)))
        (f32.store
          (i32.add (local.get $line) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64
            (f64.add
              (local.tee $t (f64.convert_i32_u (i32.load8_u (i32.add (local.get $e0) (local.get $i)))))
              (f64.mul
                (f64.sub (f64.convert_i32_u (i32.load8_u (i32.add (local.get $e1) (local.get $i)))) (local.get $t))
                (local.get $wy)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; compose's blend into RGB pixels. For x in [from, to) where m = mask[x] ≠ 0: the effect's
  ;; value of channel c, line[a + c] + (line[b + c] − line[a + c]) × w (a = colsA[x], b = colsB[x]:
  ;; offsets in the line, weight w = colsW[x]), into the pixel at pix + x × stride: rounded
  ;; (+ 0.5, truncated) where m is 255, else (pixel × (255 − m) + effect × m + 127) / 255,
  ;; truncated. Channels 0–2 only (alpha left as it was).
  (func (export "blend")
    (param $line i32) (param $colsA i32) (param $colsB i32) (param $colsW i32) (param $mask i32)
    (param $from i32) (param $to i32) (param $pix i32) (param $stride i32)
    (local $x i32) (local $m i32) (local $la i32) (local $lb i32) (local $p i32)
    (local $w f64) (local $t f64) (local $keep f64) (local $mf f64)
    (local.set $x (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $x) (local.get $to)))
        (block $skip
          (br_if $skip (i32.eqz (local.tee $m (i32.load8_u (i32.add (local.get $mask) (local.get $x))))))
          (local.set $la (i32.add (local.get $line) (i32.shl (i32.load (i32.add (local.get $colsA) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2))))
          (local.set $lb (i32.add (local.get $line) (i32.shl (i32.load (i32.add (local.get $colsB) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2))))
          (local.set $w (f64.promote_f32 (f32.load (i32.add (local.get $colsW) (i32.shl (local.get $x) (i32.const 2))))))
          (local.set $p (i32.add (local.get $pix) (i32.mul (local.get $x) (local.get $stride))))
          (if (i32.eq (local.get $m) (i32.const 255))
            (then
              ;; Inside a region (most covered pixels): the effect itself.
              (i32.store8 offset=0 (local.get $p)
                (i32.trunc_sat_f64_u (f64.add (f64.add (local.tee $t (f64.promote_f32 (f32.load (local.get $la)))) (f64.mul (f64.sub (f64.promote_f32 (f32.load (local.get $lb))) (local.get $t)) (local.get $w))) (f64.const 0.5))))
              (i32.store8 offset=1 (local.get $p)
                (i32.trunc_sat_f64_u (f64.add (f64.add (local.tee $t (f64.promote_f32 (f32.load offset=4 (local.get $la)))) (f64.mul (f64.sub (f64.promote_f32 (f32.load offset=4 (local.get $lb))) (local.get $t)) (local.get $w))) (f64.const 0.5))))
              (i32.store8 offset=2 (local.get $p)
                (i32.trunc_sat_f64_u (f64.add (f64.add (local.tee $t (f64.promote_f32 (f32.load offset=8 (local.get $la)))) (f64.mul (f64.sub (f64.promote_f32 (f32.load offset=8 (local.get $lb))) (local.get $t)) (local.get $w))) (f64.const 0.5))))
            )
            (else
              (local.set $keep (f64.convert_i32_u (i32.sub (i32.const 255) (local.get $m))))
              (local.set $mf (f64.convert_i32_u (local.get $m)))
              (i32.store8 offset=0 (local.get $p)
                (i32.trunc_sat_f64_u (f64.div
                  (f64.add
                    (f64.add
                      (f64.mul (f64.convert_i32_u (i32.load8_u offset=0 (local.get $p))) (local.get $keep))
                      (f64.mul (f64.add (local.tee $t (f64.promote_f32 (f32.load (local.get $la)))) (f64.mul (f64.sub (f64.promote_f32 (f32.load (local.get $lb))) (local.get $t)) (local.get $w))) (local.get $mf)))
                    (f64.const 127))
                  (f64.const 255))))
              (i32.store8 offset=1 (local.get $p)
                (i32.trunc_sat_f64_u (f64.div
                  (f64.add
                    (f64.add
                      (f64.mul (f64.convert_i32_u (i32.load8_u offset=1 (local.get $p))) (local.get $keep))
                      (f64.mul (f64.add (local.tee $t (f64.promote_f32 (f32.load offset=4 (local.get $la)))) (f64.mul (f64.sub (f64.promote_f32 (f32.load offset=4 (local.get $lb))) (local.get $t)) (local.get $w))) (local.get $mf)))
                    (f64.const 127))
                  (f64.const 255))))
              (i32.store8 offset=2 (local.get $p)
                (i32.trunc_sat_f64_u (f64.div
                  (f64.add
                    (f64.add
                      (f64.mul (f64.convert_i32_u (i32.load8_u offset=2 (local.get $p))) (local.get $keep))
                      (f64.mul (f64.add (local.tee $t (f64.promote_f32 (f32.load offset=8 (local.get $la)))) (f64.mul (f64.sub (f64.promote_f32 (f32.load offset=8 (local.get $lb))) (local.get $t)) (local.get $w))) (local.get $mf)))
                    (f64.const 127))
                  (f64.const 255))))
            )))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next))))

  ;; compose's blend into pixels of `colours` colour channels other than RGB (grey, with or without
  ;; alpha): for x in [from, to) where m = mask[x] ≠ 0, each colour channel c of the pixel at
  ;; pix + x × stride becomes (pixel × (255 − m) + effect × m + 127) / 255, truncated, whatever m
  ;; (as the JavaScript's blendRow: no rounding shortcut where m is 255).
  (func (export "blendn")
    (param $line i32) (param $colsA i32) (param $colsB i32) (param $colsW i32) (param $mask i32)
    (param $from i32) (param $to i32) (param $pix i32) (param $stride i32) (param $colours i32)
    (local $x i32) (local $m i32) (local $c i32) (local $la i32) (local $lb i32) (local $p i32)
    (local $w f64) (local $t f64) (local $keep f64) (local $mf f64)
    (local.set $x (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $x) (local.get $to)))
        (block $skip
          (br_if $skip (i32.eqz (local.tee $m (i32.load8_u (i32.add (local.get $mask) (local.get $x))))))
          (local.set $la (i32.add (local.get $line) (i32.shl (i32.load (i32.add (local.get $colsA) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2))))
          (local.set $lb (i32.add (local.get $line) (i32.shl (i32.load (i32.add (local.get $colsB) (i32.shl (local.get $x) (i32.const 2)))) (i32.const 2))))
          (local.set $w (f64.promote_f32 (f32.load (i32.add (local.get $colsW) (i32.shl (local.get $x) (i32.const 2))))))
          (local.set $p (i32.add (local.get $pix) (i32.mul (local.get $x) (local.get $stride))))
          (local.set $keep (f64.convert_i32_u (i32.sub (i32.const 255) (local.get $m))))
          (local.set $mf (f64.convert_i32_u (local.get $m)))
          (local.set $c (i32.const 0))
          (block $channels
            (loop $channel
              (br_if $channels (i32.ge_s (local.get $c) (local.get $colours)))
              (i32.store8 (local.get $p)
                (i32.trunc_sat_f64_u (f64.div
                  (f64.add
                    (f64.add
                      (f64.mul (f64.convert_i32_u (i32.load8_u (local.get $p))) (local.get $keep))
                      (f64.mul
                        (f64.add (local.tee $t (f64.promote_f32 (f32.load (local.get $la)))) (f64.mul (f64.sub (f64.promote_f32 (f32.load (local.get $lb))) (local.get $t)) (local.get $w)))
                        (local.get $mf)))
                    (f64.const 127))
                  (f64.const 255))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $la (i32.add (local.get $la) (i32.const 4)))
              (local.set $lb (i32.add (local.get $lb) (i32.const 4)))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br $channel))))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $next))))
)

package earforge.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import earforge.ir.DType;
import earforge.ir.Graph;
import earforge.ir.OpType;
import earforge.ir.Operator;
import earforge.ir.Options;
import earforge.ir.Quant;
import earforge.ir.Tensor;
import earforge.plan.ArenaPlan;
import earforge.plan.ArenaPlanner;
import earforge.plan.Buffer;
import earforge.plan.GreedyPlanner;
import earforge.plan.Lifetimes;
import earforge.testing.Shared;
import earforge.tflite.TfliteReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The arena planner against TFLM's greedy planner, the live-size lower bound and the sequential-CNN bound. */
class ArenaPlannerTest {
    static final int A = ArenaPlanner.ALIGNMENT;

    /** Buffers from (size, first, last) triples, ids in order. */
    static List<Buffer> buffers(int... sfl) {
        List<Buffer> b = new ArrayList<>();
        for (int i = 0; i < sfl.length; i += 3) b.add(new Buffer(b.size(), new int[] {b.size()}, sfl[i], sfl[i + 1], sfl[i + 2]));
        return b;
    }

    static int[] offsets(ArenaPlan p) {
        int[] o = new int[p.buffers().size()];
        for (Buffer b : p.buffers()) o[b.id()] = p.offsets()[b.id()];
        return o;
    }

    @Test
    void greedyReproducesTflmsOwnTestExpectations() {
        // tflite-micro greedy_memory_planner_test.cc: TestGreedyBasics, TestGreedyMedium, TestOverlapCase.
        ArenaPlan basics = GreedyPlanner.plan(buffers(10, 0, 1, 20, 2, 3), 1);
        assertThat(basics.size()).isEqualTo(20);
        assertThat(offsets(basics)).containsExactly(0, 0);
        ArenaPlan medium = GreedyPlanner.plan(buffers(10, 0, 1, 20, 1, 2, 30, 2, 3, 40, 3, 4, 50, 0, 1), 1);
        assertThat(offsets(medium)).containsExactly(50, 70, 40, 0, 0);
        assertThat(medium.size()).isEqualTo(90);
        assertThat(GreedyPlanner.plan(buffers(100, 0, 1, 50, 2, 3, 20, 1, 2), 1).size()).isEqualTo(120);
    }

    @Test
    void personDetectionBuffersFromTflmsTest() {
        // The MobileNet buffers of TFLM's TestPersonDetectionModel.
        int[] sizes = {9216, 3, 256, 2304, 2304, 2304, 1152, 4608, 4608, 4608, 4608, 4608, 4608, 4608, 4608, 4608, 4608,
            2304, 9216, 9216, 9216, 4608, 18432, 18432, 18432, 9216, 36864, 18432, 18432};
        int[][] live = {{0, 29}, {28, 29}, {27, 28}, {26, 27}, {25, 26}, {24, 25}, {23, 24}, {22, 23}, {21, 22}, {20, 21},
            {19, 20}, {18, 19}, {17, 18}, {16, 17}, {15, 16}, {14, 15}, {13, 14}, {12, 13}, {11, 12}, {10, 11}, {9, 10},
            {8, 9}, {7, 8}, {6, 7}, {5, 6}, {4, 5}, {3, 4}, {2, 3}, {1, 2}, {0, 1}};
        List<Buffer> b = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) b.add(new Buffer(i, new int[] {i}, sizes[i], live[i][0], live[i][1]));
        ArenaPlan greedy = GreedyPlanner.plan(b, 1), ours = ArenaPlanner.choose(b, b, 1);
        System.out.printf("person detection buffers: ours %d (%s), TFLM greedy %d, lower bound %d%n", ours.size(), ours.method(),
            greedy.size(), Lifetimes.lowerBound(b));
        assertThat(greedy.size()).isLessThan(241027);
        assertThat(ours.size()).isLessThanOrEqualTo(greedy.size()).isGreaterThanOrEqualTo(Lifetimes.lowerBound(b));
    }

    @Test
    void chainWhereFirstFitLosesIsPlacedOptimally() {
        // Sizes 10, 3, 2, 10 alive in a chain: greedy puts both 10s at 0, the 3 above them and the 2 above the 3 (15).
        List<Buffer> b = buffers(10, 0, 1, 3, 1, 2, 2, 2, 3, 10, 3, 4);
        assertThat(GreedyPlanner.plan(b, 1).size()).isEqualTo(15);
        ArenaPlan ours = ArenaPlanner.choose(b, b, 1);
        assertThat(ours.size()).isEqualTo(13).isEqualTo(Lifetimes.lowerBound(b));
    }

    @Test
    void randomGraphsNeverNeedMoreThanGreedy() {
        int better = 0, graphs = 600;
        for (int seed = 0; seed < graphs; seed++) {
            Graph g = randomGraph(new Random(seed), false);
            ArenaPlan ours = ArenaPlanner.plan(g);   // verifies no two live buffers overlap
            int greedy = GreedyPlanner.plan(Lifetimes.separate(g, A), A).size();
            assertThat(ours.size()).as("seed %d", seed).isLessThanOrEqualTo(greedy)
                .isGreaterThanOrEqualTo(Lifetimes.lowerBound(ours.buffers()));
            if (ours.size() < greedy) better++;
        }
        System.out.printf("random graphs: ours smaller than TFLM greedy in %d of %d%n", better, graphs);
    }

    @Test
    void randomSequentialChainsMeetTheTwoLargestNeighboursBound() {
        for (int seed = 0; seed < 300; seed++) {
            Graph g = randomGraph(new Random(seed), true);
            assertThat(ArenaPlanner.plan(g).size()).as("seed %d", seed).isEqualTo(sequentialBound(g));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello_world_int8.tflite", "ad01_int8.tflite", "kws_ref_model_int8.tflite", "micro_speech_int8.tflite"})
    void sharedModels(String file) {
        Graph g = TfliteReader.read(Shared.require("models/" + file));
        ArenaPlan ours = ArenaPlanner.plan(g);
        int greedy = GreedyPlanner.plan(Lifetimes.separate(g, A), A).size();
        int greedy16 = GreedyPlanner.plan(Lifetimes.separate(g, 16), 16).size();
        System.out.printf("%s: ours %d bytes (%s), TFLM greedy %d (16-byte aligned as TFLM: %d), sequential bound %d%n",
            file, ours.size(), ours.method(), greedy, greedy16, sequentialBound(g));
        System.out.print(ours.format(g));
        assertThat(ours.size()).isLessThanOrEqualTo(greedy);
        assertThat(ours.size()).isEqualTo(sequentialBound(g));   // all four are sequential
    }

    @Test
    void reshapeAndElementwiseShareTheirInputsBytes() {
        Graph g = new Graph();
        Quant q = Quant.perTensor(0.1f, 0);
        Tensor in = g.addTensor("in", DType.INT8, new int[] {1, 64}, q, null);
        Tensor a = g.addTensor("a", DType.INT8, new int[] {1, 64}, q, null);
        Tensor r = g.addTensor("r", DType.INT8, new int[] {8, 8}, q, null);
        Tensor x = g.addTensor("x", DType.INT8, new int[] {8, 8}, q, null);
        Tensor y = g.addTensor("y", DType.INT8, new int[] {8, 8}, q, null);
        g.addOperator(OpType.RELU, new int[] {in.index}, new int[] {a.index}, Options.NONE);
        g.addOperator(OpType.RESHAPE, new int[] {a.index}, new int[] {r.index}, new Options.Reshape(new int[] {8, 8}));
        g.addOperator(OpType.LOGISTIC, new int[] {r.index}, new int[] {x.index}, Options.NONE);
        g.addOperator(OpType.ADD, new int[] {x.index, r.index}, new int[] {y.index}, new Options.Arith(earforge.ir.Activation.NONE));
        g.inputs = new int[] {in.index};
        g.outputs = new int[] {y.index};
        ArenaPlan p = ArenaPlanner.plan(g);
        // RELU overwrites the input, RESHAPE is free; LOGISTIC may not overwrite r (ADD still reads it); ADD overwrites x.
        assertThat(p.offsetOf(a.index)).isEqualTo(p.offsetOf(in.index)).isEqualTo(p.offsetOf(r.index));
        assertThat(p.offsetOf(x.index)).isNotEqualTo(p.offsetOf(r.index));
        assertThat(p.offsetOf(y.index)).isEqualTo(p.offsetOf(x.index));
        assertThat(p.size()).isEqualTo(128);
        assertThat(GreedyPlanner.plan(Lifetimes.separate(g, A), A).size()).isGreaterThan(128);
    }

    /**
     * Sequential graphs (each operator reads only the previous operator's output): the largest sum of an operator's
     * input and output buffers, where a RESHAPE/SQUEEZE output is its input's buffer.
     */
    static int sequentialBound(Graph g) {
        int[] size = new int[g.tensors.size()];
        for (Tensor t : g.tensors) size[t.index] = Lifetimes.align(t.bytes(), A);
        int best = size[g.inputs[0]];   // a graph of RESHAPEs only holds just its input
        for (Operator op : g.operators) {
            if (Lifetimes.ALIAS_OPS.contains(op.type)) continue;
            best = Math.max(best, size[op.input(0)] + size[op.output(0)]);
        }
        return best;
    }

    /** A random DAG of int8 operators (or a chain of non-in-place operators), shapes chosen for the planner only. */
    static Graph randomGraph(Random r, boolean chain) {
        Graph g = new Graph();
        Quant q = Quant.perTensor(0.1f, 0);
        List<Tensor> made = new ArrayList<>();
        made.add(g.addTensor("in", DType.INT8, new int[] {1 + r.nextInt(3000)}, q, null));
        g.inputs = new int[] {0};
        int ops = 1 + r.nextInt(chain ? 12 : 25);
        for (int k = 0; k < ops; k++) {
            Tensor a = chain ? made.get(made.size() - 1) : made.get(Math.max(0, made.size() - 1 - r.nextInt(Math.min(4, made.size()))));
            int kind = chain ? (r.nextInt(4) == 0 ? 1 : 0) : r.nextInt(4);
            Tensor out;
            switch (kind) {
                case 1 -> {   // reshape: same bytes
                    out = g.addTensor("t" + k, DType.INT8, new int[] {a.elements()}, q, null);
                    g.addOperator(OpType.RESHAPE, new int[] {a.index}, new int[] {out.index}, new Options.Reshape(new int[] {a.elements()}));
                }
                case 2 -> {   // element-wise unary
                    out = g.addTensor("t" + k, DType.INT8, a.shape, q, null);
                    g.addOperator(OpType.RELU, new int[] {a.index}, new int[] {out.index}, Options.NONE);
                }
                case 3 -> {   // binary with an earlier tensor
                    Tensor b = made.get(r.nextInt(made.size()));
                    out = g.addTensor("t" + k, DType.INT8, a.shape, q, null);
                    g.addOperator(OpType.ADD, new int[] {a.index, b.index}, new int[] {out.index}, new Options.Arith(earforge.ir.Activation.NONE));
                }
                default -> {   // a layer with a new size
                    out = g.addTensor("t" + k, DType.INT8, new int[] {1 + r.nextInt(3000)}, q, null);
                    g.addOperator(OpType.FULLY_CONNECTED, new int[] {a.index}, new int[] {out.index}, Options.NONE);
                }
            }
            made.add(out);
        }
        Tensor last = made.get(made.size() - 1);
        g.outputs = !chain && r.nextBoolean() && made.size() > 2
            ? new int[] {made.get(1 + r.nextInt(made.size() - 2)).index, last.index} : new int[] {last.index};
        return g;
    }
}

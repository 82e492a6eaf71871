// Prints the execution plan of a Flink job instead of running it, for test/integration/flinkCompile.test.ts:
//   java -cp <flink jars>:<classes> PlanHarness <MainClass> <default parallelism>
// Installs itself as the context environment, so the job's StreamExecutionEnvironment.getExecutionEnvironment()
// returns it (as Flink's own client does when it extracts a job graph), then calls the job's main(); its
// env.execute(...) prints env.getExecutionPlan() (JSON: nodes with pact/contents/parallelism, predecessors with
// ship_strategy) and returns without running anything.
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

public class PlanHarness extends StreamExecutionEnvironment {

    PlanHarness(Configuration configuration) {
        super(configuration);
    }

    @Override
    public JobExecutionResult execute(String jobName) throws Exception {
        System.out.println(getExecutionPlan());
        return null;
    }

    public static void main(String[] args) throws Exception {
        int parallelism = Integer.parseInt(args[1]);
        initializeContextEnvironment(ignored -> {
            Configuration configuration = new Configuration();
            configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
            return new PlanHarness(configuration);
        });
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    }
}

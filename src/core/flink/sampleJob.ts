// The sample Flink job the walkthrough's last step opens ("Kafka Planner: Open Sample Flink Job"), for users who
// have no job of their own at hand: a short DataStream job from Kafka to Kafka with mistakes the Flink lens reports
// (a processing-time window, a source and a window that keep state without a uid), so the job summary, Problems
// entries and quick fixes show at once. test/unit/sampleJob.test.ts pins what it reports.

export const SAMPLE_FLINK_JOB_JAVA = `// A sample Flink job from Kafka & Flink Planner: the Flink lens reviews it as you type.
// Lenses show subtasks, KPUs and cost; Problems lists the findings; the light bulb fixes them.
import java.time.Duration;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;

public class OrdersPerMinute {

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(4);
        env.enableCheckpointing(60_000);

        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers("localhost:9092")
                .setTopics("orders")
                .setGroupId("orders-per-minute")
                .setStartingOffsets(OffsetsInitializer.committedOffsets())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();

        DataStream<String> orders = env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders");

        DataStream<String> perMinute = orders
                .map(line -> line.split(",")[0])
                .keyBy(customer -> customer)
                .window(TumblingProcessingTimeWindows.of(Duration.ofMinutes(1)))
                .reduce((a, b) -> a);

        perMinute.sinkTo(KafkaSink.<String>builder()
                .setBootstrapServers("localhost:9092")
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic("orders-per-minute")
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build());

        env.execute("orders per minute");
    }
}
`;

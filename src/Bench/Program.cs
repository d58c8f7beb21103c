using PrivateDomain.Bench;
using PrivateDomain.Silo.Hosting;

// Usage: dotnet run -c Release --project src/Bench -- <scenario> [options]
// The engine's own setting, as its Main makes it (--shared-pool-default 1 leaves the runtime's default, for comparison).
if (!args.Contains("--shared-pool-default")) SharedBufferPool.Configure();
var scenario = args.Length > 0 ? args[0] : "";
var options = BenchArgs.Parse(args.Skip(1));
return scenario switch
{
    "eventlog" => await EventLogScenario.RunAsync(options),
    "ingest" => await IngestScenario.RunAsync(options),
    "pg-eventlog" => await PgEventLogScenario.RunAsync(options),
    "cluster" => await ClusterScenario.RunAsync(options),
    "wakeups" => await WakeUpScenario.RunAsync(options),
    "journeys" => await JourneyScenario.RunAsync(options),
    "consoles" => await ConsoleScenario.RunAsync(options),
    "campaign-store" => await CampaignStoreScenario.RunAsync(options),
    "outbox-send" => await OutboxSendScenario.RunAsync(options),
    "campaign" => await CampaignScenario.RunAsync(options),
    "feed-state" => await FeedStateScenario.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PrivateDomain.Bench <scenario> [--name value ...]");
    Console.Error.WriteLine("scenarios:");
    Console.Error.WriteLine("  eventlog  --seconds 10 --producers 64 --batch 10 --warmup 1   group-commit event log vs raw SQLite");
    Console.Error.WriteLine("  pg-eventlog --seconds 10 --producers 64 --batch 10 --warmup 2 --clients 8 --threads 2   PostgreSQL group-commit event log vs pgbench (B3)");
    Console.Error.WriteLine("  ingest    --seconds 10 --rate 2000 --batch 20 --customers 1000 --consoles 10 --chat 0.25   HTTP ingest to console push, open loop, vs raw SignalR");
    Console.Error.WriteLine("  cluster   --seconds 10 --rate 10000 --batch 50 --customers 1000 --saturate 6 --posters 32   cluster mode (PostgreSQL) vs embedded, whole spine, with B3");
    Console.Error.WriteLine("  wakeups   --count 1000000 --due 100000 --due-seconds 10 --producers 2048 --claimers 2 --take 500 --pg 0   durable wake-up index: schedule, bytes per entry, due-scan lateness, vs plain INSERTs");
    Console.Error.WriteLine("  journeys  --rate 5000 --seconds 5 --warmup 20 --batch 20 --waiting 20000 --plain <waiting> --due 2000 --due-seconds 10 --deactivate-seconds 60  event → journey action latency vs plain events, memory/disk per waiting customer, wake-up lateness (embedded)");
    Console.Error.WriteLine("  consoles  --consoles 5000 --personas 500 --customers 20 --connect-rate 500 --rate 2000 --seconds 20 --batch 20 --chat 0.25 --warmup 2   many SignalR consoles on one gateway: connect, memory per connection, push latency vs raw SignalR");
    Console.Error.WriteLine("  campaign-store --groups 2000 --members 500 --directs 100000 --group-chunk 20 --direct-chunk 1000 --placers 2   campaign placement: quota + outbox + recipient rows/s, progress read latency, vs plain outbox INSERTs");
    Console.Error.WriteLine("  outbox-send --count 100000 --personas 1000 --concurrency 16 --batch 1000   one outbox lane to a no-op channel: sends/s and CPU per send with the throttle's buckets (ceilings too high to bind) vs without");
    Console.Error.WriteLine("  campaign  --groups 2000 --members 500 --directs 100000 --personas 100 --consoles 200 --chat-rate 10000 --chat-seconds 30 --spam 0.02 --channel wecom --collect-idle-seconds 0   the issue #6 headline: a 1.1M-recipient campaign planned into the outbox during a group chat burst through anti-harassment, consoles live, vs plain outbox INSERTs");
    Console.Error.WriteLine("  feed-state --items 500 --rounds 20000   state writes: a persona with a full console feed and a customer with its timeline, packed vs as objects");
    return 2;
}

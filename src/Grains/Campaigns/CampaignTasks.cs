using PrivateDomain.Contracts;

namespace PrivateDomain.Grains.Campaigns;

/// <summary>What is due for confirm tasks at a given time: reminders (capped) and expiry. Pure; the grain acts on it.</summary>
public static class CampaignTasks
{
    /// <summary>The reminder numbers (1-based) and expiries due at <paramref name="now"/> for one open task.</summary>
    public static (int RemindersDue, bool Expired) Due(CampaignTaskState task, CampaignOptions o, DateTimeOffset now)
    {
        if (task.State != CampaignTaskStates.Open || task.NotifiedAt is not { } notified) return (0, false);
        if (now >= notified + o.TaskDeadline) return (0, true);
        var elapsed = o.ReminderInterval <= TimeSpan.Zero ? 0 : (int)Math.Min(o.MaxReminders, (now - notified).Ticks / o.ReminderInterval.Ticks);
        return (Math.Max(0, elapsed - task.RemindersSent), false);
    }

    /// <summary>When the task next needs attention (its next reminder before the deadline, else the deadline), or null.</summary>
    public static DateTimeOffset? NextDue(CampaignTaskState task, CampaignOptions o)
    {
        if (task.State != CampaignTaskStates.Open || task.NotifiedAt is not { } notified) return null;
        var deadline = notified + o.TaskDeadline;
        if (task.RemindersSent < o.MaxReminders && o.ReminderInterval > TimeSpan.Zero)
        {
            var reminder = notified + o.ReminderInterval * (task.RemindersSent + 1);
            if (reminder < deadline) return reminder;
        }
        return deadline;
    }

    public static CampaignTaskView View(string taskId, CampaignTaskState t) =>
        new(taskId, t.PersonaId, t.AgentId, t.Deliveries, t.State, t.RemindersSent, t.ConfirmedAt, t.ConfirmedBy);

    /// <summary>The agent-facing line of a task notice or reminder.</summary>
    public static string Text(string campaignName, CampaignTaskState t, int reminder, DateTimeOffset deadline) =>
        (reminder == 0 ? "Mass-send task to confirm" : $"Reminder {reminder}: mass-send task still to confirm")
        + $" — campaign \"{campaignName}\", {t.Deliveries} deliveries; expires {deadline:yyyy-MM-dd HH:mm} UTC";

    /// <summary>A one-line progress summary for persona feeds.</summary>
    public static string ProgressText(string campaignName, string state, CampaignCounts c) =>
        $"Campaign \"{campaignName}\" {state}: {c.Deliveries} deliveries ({c.Recipients} recipients), {c.Held} held, {c.Queued} queued, "
        + $"{c.Sent} sent, {c.Failed} failed, {c.SkippedQuota} over quota";
}

using FsCheck.Xunit;
using Imap.Protocol.Client;

namespace Imap.Protocol.Tests.Properties;

/// <summary>The runs a flag read keeps of the messages that answered it behave as a set, in any order of answers (FsCheck).</summary>
public class AnsweredUidsProperties
{
    [Property(MaxTest = 500)]
    public void Adds_and_lookups_agree_with_a_set(uint[] uids, bool ascendingFirst)
    {
        // Small UIDs so that runs touch and merge; the ascending prefix exercises the run path.
        var answers = uids.Select(u => 1 + (u % 200)).ToArray();
        if (ascendingFirst)
        {
            answers = [.. answers.Order(), .. answers];
        }
        var answered = new AnsweredUids();
        var model = new HashSet<uint>();

        foreach (var uid in answers)
        {
            Assert.Equal(model.Add(uid), answered.Add(uid));
        }

        for (uint uid = 0; uid <= 202; uid++)
        {
            Assert.Equal(model.Contains(uid), answered.Contains(uid));
        }
    }
}

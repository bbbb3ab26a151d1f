"""What staff of the stations and the town and district centers do in the bot.

`joining` (/start CODE from an invite, /work, back to the villager menu), `lists` (the
staff menu's lists), `card` (a case's card and its one-press actions, [Claim]), and
`acting` (the follow-ups that ask for a reason, days or the missing material). Every
call acts as staff (`As.staff`): one person may also be a villager, and says which role
each call is in.
"""

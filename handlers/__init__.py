"""What each kind of user can do in the bot: parse, call the case service, render, reply."""

# The hub's answer to one command, shown and read aloud to the user.
outcome-applied = Confirmed
reject-sold-out = Sorry, it is sold out
reject-too-late = Orders for this have closed; next time a little earlier
reject-over-limit = That is more than one person may order
reject-deal-closed = This deal has ended
reject-invalid-quantity = That quantity is not possible; please choose again
reject-not-allowed = You are not allowed to do that
reject-not-found = That item can't be found; it may have been removed
reject-wrong-code = That pickup code is not right; please check it
reject-invalid = That request can't be done
reject-terms-fixed = Members have already ordered: the price, unit, minimum, limit and pickup can no longer change
reject-refund-too-large = A refund can't be more than was paid for this order
reject-not-an-expert = Only a neighbor the organizer named as an expert can write a tip
reject-bad-text = Words that are empty, too long, or hold an invisible control character

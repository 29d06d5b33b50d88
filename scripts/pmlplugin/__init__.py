"""The MkDocs adapter: the pml-guide plugin, the one place that knows MkDocs' events and objects.

It calls the checks (pmlcheck) and renderers (pmlrender) over what the sources (pmlsources) load;
nothing below it imports it.
"""
